export { ConfigError } from './config-error';
export { loadConfig, describeSettings } from './load-config';
export type { ConfigOf, LoadOptions } from './load-config';
export { setting, text, port, positiveInt, list, url } from './setting';
export type { Setting } from './setting';
export { commonSettings, regionSettings } from './common-settings';
export { webhookSettings } from './webhook-settings';
export { messageSealingSettings } from './message-sealing-settings';
