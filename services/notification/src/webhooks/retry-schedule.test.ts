import { MAX_ATTEMPTS, nextRetryDelay, RETRY_WINDOW_MS } from './retry-schedule';

describe('webhook retry schedule', () => {
  // The top of the jitter range: the base delays themselves.
  const noJitter = { random: () => 1 };

  it('starts at 5 seconds and grows: 5 s, 30 s, 2 min, 10 min, 1 h, 3 h, then 6 h', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) => nextRetryDelay(n, noJitter));
    expect(delays).toEqual([5_000, 30_000, 120_000, 600_000, 3_600_000, 10_800_000, 21_600_000]);
  });

  it('gives up after the last retry, within 24 hours even with the longest jitter', () => {
    let total = 0;
    let n = 1;
    for (let d = nextRetryDelay(n, noJitter); d !== undefined; d = nextRetryDelay(++n, noJitter)) total += d;
    expect(n).toBe(MAX_ATTEMPTS);
    expect(total).toBeLessThanOrEqual(RETRY_WINDOW_MS);
    expect(total).toBeGreaterThan(20 * 3_600_000);
  });

  it('jitters each delay down to no less than 80 % of its base', () => {
    expect(nextRetryDelay(2, { random: () => 0 })).toBe(24_000);
    expect(nextRetryDelay(2, { random: () => 0.5 })).toBe(27_000);
  });

  it('compresses with a scale, for tests', () => {
    expect(nextRetryDelay(1, { ...noJitter, scale: 0.01 })).toBe(50);
  });

  it('refuses a count that is not a failure count', () => {
    expect(() => nextRetryDelay(0)).toThrow();
  });
});
