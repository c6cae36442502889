/** Housekeeping is cheap and idempotent, so every process of a region may run it. */
const EVERY_MS = 5 * 60_000;

export interface HousekeepingTask {
  name: string;
  run: () => Promise<unknown>;
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
