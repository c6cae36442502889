export { startTelemetry } from './tracing';
export type { Telemetry, TelemetryOptions } from './tracing';
export { createLogger } from './logger';
export type { Logger, LoggerOptions } from './logger';
export { currentTraceContext, contextFromCarrier, currentTraceId } from './propagation';
export { meter } from './meters';
