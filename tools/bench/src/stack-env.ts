/** What every process of a bench stack gets: the local servers, and quiet logs. */
export const stackEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  KAFKA_BROKERS: process.env.KAFKA_BROKERS,
  MONGODB_URI: process.env.MONGODB_URI,
  LOG_LEVEL: 'error',
  ...extra,
});

/** Polls `check` until it gives a value (errors count as "not yet"), for at most a minute. */
export async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60000;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
