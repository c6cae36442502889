import { metrics, trace, type Tracer } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface TelemetryOptions {
  serviceName: string;
  region?: string;
  /** Extra processors, e.g. an in-memory exporter in tests. */
  spanProcessors?: SpanProcessor[];
  env?: NodeJS.ProcessEnv;
}

export interface Telemetry {
  tracer: Tracer;
  shutdown(): Promise<void>;
}

let active: Telemetry | undefined;

/**
 * Sets up tracing and metrics from the standard OTEL_* variables. Without an OTLP endpoint we
 * still register a provider, so trace ids exist for logs and for propagation across Kafka,
 * unless OTEL_SDK_DISABLED=true.
 * Idempotent per process: OpenTelemetry's globals can be registered only once.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (active) return active;
  const env = options.env ?? process.env;
  const resource = resourceFromAttributes({
    'service.name': env.OTEL_SERVICE_NAME ?? options.serviceName,
    ...(options.region ? { 'cloud.region': options.region } : {}),
  });
  const exportsOtlp =
    env.OTEL_SDK_DISABLED !== 'true' &&
    Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) &&
    env.OTEL_TRACES_EXPORTER !== 'none';
  const spanProcessors = [...(options.spanProcessors ?? [])];
  if (exportsOtlp) spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  // OTEL_SDK_DISABLED=true (the specification's switch) turns tracing off altogether: spans are
  // then the API's no-op ones, logs carry no trace id, and nothing is propagated.
  const disabled = env.OTEL_SDK_DISABLED === 'true' && spanProcessors.length === 0;
  const provider = disabled ? undefined : new NodeTracerProvider({ resource, spanProcessors });
  provider?.register();

  let meterProvider: MeterProvider | undefined;
  if (exportsOtlp && env.OTEL_METRICS_EXPORTER !== 'none') {
    meterProvider = new MeterProvider({
      resource,
      readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() })],
    });
    metrics.setGlobalMeterProvider(meterProvider);
  }
  active = {
    tracer: trace.getTracer(options.serviceName),
    async shutdown() {
      await Promise.allSettled([provider?.shutdown(), meterProvider?.shutdown()]);
    },
  };
  return active;
}
