import { performance } from 'node:perf_hooks';
import type { Db } from 'mongodb';
import { USERS } from '@idaas/user-store';

/** How long the region's relay took, after the import ended, to publish every imported user's event. */
export interface OutboxDrain {
  seconds: number;
  /** Events still pending when the import ended. */
  pendingAtEnd: number;
}

const POLL_MS = 2000;
const DEADLINE_MS = 10 * 60 * 1000;

/**
 * Polls the tenant's users for pending outbox records until none is left. Every imported user
 * carries its idaas.user.registered.v1 in its outbox until the authentication service's relay
 * has published it, so "none left" means every event reached the broker. The count is a scan on
 * mongo-java-server, hence the slow poll.
 */
export async function outboxDrain(
  identity: Db,
  tenantId: string,
  log: (m: string) => void,
): Promise<OutboxDrain> {
  const users = identity.collection(USERS);
  const pending = () => users.countDocuments({ tenantId, 'outbox.0': { $exists: true } });
  const started = performance.now();
  const pendingAtEnd = await pending();
  let left = pendingAtEnd;
  while (left > 0) {
    if (performance.now() - started > DEADLINE_MS)
      throw new Error(`${left} events still pending after 10 minutes`);
    log(
      `outbox: ${left} registered events still pending (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    await new Promise((r) => setTimeout(r, POLL_MS));
    left = await pending();
  }
  return { seconds: (performance.now() - started) / 1000, pendingAtEnd };
}
