/** Polls until `check` returns a value, or fails with what was last seen. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  { timeoutMs = 60000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
