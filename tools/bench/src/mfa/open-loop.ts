import { performance } from 'node:perf_hooks';
import { median } from '../stats';

/** One arrival of an open-loop run: when it was due, when it ended, and what it gave. */
export interface Arrival<T> {
  /** Milliseconds on `performance.now()`'s clock. */
  dueAt: number;
  startedAt: number;
  finishedAt: number;
  /** Present when the arrival succeeded. */
  value?: T;
  error?: unknown;
}

export interface OpenLoopRun<T> {
  rate: number;
  seconds: number;
  arrivals: Arrival<T>[];
  /** When the first arrival was due and when the window closed (no arrival after it). */
  windowStart: number;
  windowEnd: number;
  /** When the last arrival ended: after the window by however long the backlog took. */
  lastFinishedAt: number;
}

/**
 * Open-loop load: arrival i is due at start + i / rate whatever happened to the earlier ones, so
 * a slow server meets a growing queue as it would in production instead of slowing the load down
 * (a closed loop's coordinated omission). Arrivals that fall due while the generator was late are
 * started at once. Resolves when every arrival has ended.
 */
export async function openLoop<T>(
  { rate, seconds }: { rate: number; seconds: number },
  run: (index: number) => Promise<T>,
): Promise<OpenLoopRun<T>> {
  const interval = 1000 / rate;
  const count = Math.max(1, Math.round(rate * seconds));
  const windowStart = performance.now();
  const arrivals: Arrival<T>[] = [];
  const pending: Promise<void>[] = [];
  const launch = (index: number, dueAt: number) => {
    const arrival: Arrival<T> = { dueAt, startedAt: performance.now(), finishedAt: Number.NaN };
    arrivals.push(arrival);
    pending.push(
      run(index).then(
        (value) => {
          arrival.finishedAt = performance.now();
          arrival.value = value;
        },
        (error: unknown) => {
          arrival.finishedAt = performance.now();
          arrival.error = error;
        },
      ),
    );
  };
  for (let index = 0; index < count; index++) {
    const dueAt = windowStart + index * interval;
    const wait = dueAt - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    launch(index, dueAt);
  }
  const windowEnd = windowStart + count * interval;
  await Promise.all(pending);
  return {
    rate,
    seconds,
    arrivals,
    windowStart,
    windowEnd,
    lastFinishedAt: arrivals.reduce((last, a) => Math.max(last, a.finishedAt), windowEnd),
  };
}

export interface Throughput {
  /**
   * Successful answers per second over a window as long as the arrivals' but shifted by the
   * median latency: the offered rate when the server keeps up, its capacity when it does not.
   */
  achievedRate: number;
  /** How long the backlog took to clear after the window closed, in seconds. */
  drainSeconds: number;
  succeeded: number;
  failed: number;
  /** The latest failure, to say what went wrong. */
  lastError?: unknown;
  sustained: boolean;
}

/**
 * Whether the server kept up with the offered rate: it answered nearly as many per second as
 * arrived, none failed, and what was still in flight when the window closed cleared within a
 * second. A server that falls behind builds a queue that only grows, and its latencies then
 * measure the queue.
 */
export function throughputOf<T>(run: OpenLoopRun<T>): Throughput {
  const failures = run.arrivals.filter((a) => a.error !== undefined);
  const answered = run.arrivals.filter((a) => a.error === undefined);
  const shift = median(answered.map((a) => a.finishedAt - a.dueAt)) || 0;
  const inWindow = answered.filter(
    (a) => a.finishedAt >= run.windowStart + shift && a.finishedAt < run.windowEnd + shift,
  ).length;
  const windowSeconds = (run.windowEnd - run.windowStart) / 1000;
  const achievedRate = windowSeconds > 0 ? inWindow / windowSeconds : 0;
  const drainSeconds = Math.max(0, (run.lastFinishedAt - run.windowEnd) / 1000);
  return {
    achievedRate,
    drainSeconds,
    succeeded: answered.length,
    failed: failures.length,
    ...(failures.length > 0 ? { lastError: failures.at(-1)!.error } : {}),
    sustained: failures.length === 0 && achievedRate >= 0.9 * run.rate && drainSeconds <= 1,
  };
}

/**
 * Finds the highest rate the server sustains, starting from the goal. Above the server's capacity
 * the achieved rate understates it (a swamped service does worse than one at its limit), so after
 * stepping down below what was achieved, it bisects between the highest rate sustained and the
 * lowest not sustained until they are within a fifth of each other.
 */
export class RateSearch {
  /** Highest rate sustained so far, and lowest not sustained (the goal counts as neither yet). */
  private sustained = 0;
  private failed = Number.POSITIVE_INFINITY;

  constructor(readonly goal: number) {}

  /** The rate to probe after `rate` was probed with this outcome, or undefined when done. */
  next(rate: number, outcome: { sustained: boolean; achievedRate: number }): number | undefined {
    if (outcome.sustained) this.sustained = Math.max(this.sustained, rate);
    else this.failed = Math.min(this.failed, rate);
    if (this.sustained === 0)
      return Math.max(1, Math.floor(Math.min(rate * 0.8, outcome.achievedRate * 0.9)));
    if (this.failed <= this.sustained * 1.2) return undefined;
    const middle = Math.floor((this.sustained + Math.min(this.failed, this.goal + 1)) / 2);
    return middle > this.sustained && middle < this.failed ? middle : undefined;
  }

  /** The rate to measure at: the highest sustained, else the last one probed. */
  best(lastProbed: number): number {
    return this.sustained > 0 ? this.sustained : lastProbed;
  }
}
