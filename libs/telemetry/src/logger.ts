import { context, trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  service: string;
  region?: string;
  level?: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was logged. */
  destination?: pino.DestinationStream;
}

/**
 * Structured JSON logs carrying the active trace id, so a log line leads to its trace.
 * Secrets never reach the logger: the redact list is a second line of defence for fields
 * that should not have been logged in the first place.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, ...(options.region ? { region: options.region } : {}) },
      redact: {
        paths: [
          'password',
          '*.password',
          'secret',
          '*.secret',
          'client_secret',
          '*.client_secret',
          'authorization',
          '*.authorization',
          'headers.authorization',
          'headers.cookie',
          'code',
          '*.code',
        ],
        censor: '[redacted]',
      },
      mixin() {
        const span = trace.getSpan(context.active());
        if (!span) return {};
        const { traceId, spanId } = span.spanContext();
        return { trace_id: traceId, span_id: spanId };
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
