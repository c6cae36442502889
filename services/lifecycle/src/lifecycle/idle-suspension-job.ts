import type { Logger } from '@idaas/telemetry';
import { suspendIdleUsers, type IdleSuspensionDeps } from './idle-suspension';

/**
 * Runs the idle-suspension sweep every `intervalSeconds` (0: never), one sweep at a time. A failed
 * sweep is logged and the next tick tries again. Answers the stop function.
 */
export function startIdleSuspension(
  deps: IdleSuspensionDeps,
  intervalSeconds: number,
  logger: Logger,
): () => void {
  if (intervalSeconds <= 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    suspendIdleUsers(deps)
      .then((n) => {
        if (n > 0) logger.info({ suspended: n }, 'idle users suspended');
      })
      .catch((err: unknown) => logger.warn({ err }, 'idle suspension failed; retrying on the next tick'))
      .finally(() => {
        running = false;
      });
  }, intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
