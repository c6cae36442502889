import { randomBytes } from 'node:crypto';

/**
 * Each run gets its own region name, databases and consumer groups, so suites never see each
 * other's data, and a second run on the same stack starts clean.
 */
export function uniqueRegion(prefix = 't'): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

export function env(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    MONGODB_URI: process.env.MONGODB_URI,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    PORT: '0',
    ...overrides,
  };
}
