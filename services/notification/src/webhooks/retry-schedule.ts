/**
 * When a failed delivery is tried again. The base delays grow roughly exponentially and are
 * capped at 6 hours; their sum (about 22.2 hours) stays inside the 24 hours a receiver has to
 * recover. Jitter only shortens a delay (to between 80 % and 100 % of its base), so receivers
 * coming back from an outage are not hit by every retry at once, and the total never exceeds
 * the window.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  5_000, // 5 s
  30_000, // 30 s
  120_000, // 2 min
  600_000, // 10 min
  3_600_000, // 1 h
  10_800_000, // 3 h
  21_600_000, // 6 h
  21_600_000,
  21_600_000,
];

export const RETRY_WINDOW_MS = 24 * 3_600_000;

export interface RetryOptions {
  /** Multiplies every delay; below 1 compresses the schedule (tests, drills). */
  scale?: number;
  /** A number in [0, 1]: the jitter source (1 means the whole base delay). */
  random?: () => number;
}

/**
 * The wait before the next attempt after `failedAttempts` failures in a row (1 after the first
 * failure), or `undefined` when the schedule is exhausted and the delivery is dead-lettered.
 */
export function nextRetryDelay(failedAttempts: number, options: RetryOptions = {}): number | undefined {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) throw new Error('failedAttempts must be >= 1');
  const base = RETRY_DELAYS_MS[failedAttempts - 1];
  if (base === undefined) return undefined;
  const jitter = 0.8 + 0.2 * (options.random ?? Math.random)();
  return Math.round(base * jitter * (options.scale ?? 1));
}

/** Attempts a delivery gets in all: the first one and one per scheduled retry. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
