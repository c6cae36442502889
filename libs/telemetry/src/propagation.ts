import { context, propagation, trace, type Context } from '@opentelemetry/api';

/** The W3C traceparent of the active span, to store beside an outbox event. */
export function currentTraceContext(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** Rebuilds a context from headers carried over Kafka or HTTP. */
export function contextFromCarrier(carrier: Record<string, string | undefined>): Context {
  return propagation.extract(context.active(), carrier);
}

export function currentTraceId(): string | undefined {
  const span = trace.getSpan(context.active());
  const id = span?.spanContext().traceId;
  return id && id !== '00000000000000000000000000000000' ? id : undefined;
}
