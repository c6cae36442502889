import { metrics, type Meter } from '@opentelemetry/api';

/** The meter for a component; a no-op until startTelemetry registers a provider. */
export function meter(name: string): Meter {
  return metrics.getMeter(name);
}
