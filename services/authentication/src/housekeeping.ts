/** Housekeeping is cheap and idempotent, so every process of a region may run it. */
const EVERY_MS = 5 * 60_000;

export interface HousekeepingTask {
  name: string;
  run: () => Promise<unknown>;
}

/** A store of records that expire: `sweep` deletes those past their time and says how many. */
export interface Sweepable {
  sweep(now: Date): Promise<number>;
}

/**
 * One task per store of expiring records (flows, sessions, codes, used assertions, revocations...),
 * each judged against the service's clock at the time it runs.
 */
export function sweepTasks(stores: Record<string, Sweepable>, clock: () => Date): HousekeepingTask[] {
  return Object.entries(stores).map(([records, store]) => ({
    name: `sweep expired ${records}`,
    run: () => store.sweep(clock()),
  }));
}

/**
 * Runs the tasks now and every few minutes: retiring expired keys and sweeping records of
 * expired tokens. A failed run is logged and tried again on the next tick. Returns a stop function.
 */
export function startHousekeeping(
  tasks: readonly HousekeepingTask[],
  onError: (task: string, err: unknown) => void,
  everyMs: number = EVERY_MS,
): () => void {
  const tick = async () => {
    for (const task of tasks) {
      try {
        await task.run();
      } catch (err) {
        onError(task.name, err);
      }
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
