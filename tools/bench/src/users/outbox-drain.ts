import { performance } from 'node:perf_hooks';
import type { Db } from 'mongodb';
import { USERS } from '@idaas/user-store';
import type { UserTopicCount } from './user-topic';

/** How long the region's relay took, after the import ended, to publish every imported user's event. */
export interface OutboxDrain {
  seconds: number;
  /** Events still pending when the import ended. */
  pendingAtEnd: number;
  /** Events still pending when the bench stopped waiting (0 when every one was published). */
  pendingAtDeadline: number;
}

const POLL_MS = 1000;
const CONFIRM_POLL_MS = 2000;
const DEADLINE_MS = 20 * 60 * 1000;

/**
 * Waits until every imported user's idaas.user.registered.v1 has left its outbox for the broker.
 * Progress is read from the user topic's offsets (`expected` is the count the topic reaches with
 * every imported event in it), so watching puts no load on the database the relay is draining;
 * then one count of pending outboxes confirms none is left (it is a scan on mongo-java-server,
 * hence only at the end). Past the deadline it reports what is left instead of failing the run.
 */
export async function outboxDrain(
  { identity, tenantId }: { identity: Db; tenantId: string },
  topic: UserTopicCount,
  expected: number,
  log: (m: string) => void,
): Promise<OutboxDrain> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const pendingAtEnd = Math.max(0, expected - (await topic.messages()));
  let left = pendingAtEnd;
  while (left > 0 && elapsed() < DEADLINE_MS) {
    log(`outbox: ${left} registered events still pending (${(elapsed() / 1000).toFixed(0)} s)`);
    await new Promise((r) => setTimeout(r, POLL_MS));
    left = Math.max(0, expected - (await topic.messages()));
  }
  const users = identity.collection(USERS);
  const pending = () => users.countDocuments({ tenantId, 'outbox.0': { $exists: true } });
  left = await pending();
  while (left > 0 && elapsed() < DEADLINE_MS) {
    log(`outbox: ${left} users still hold events (${(elapsed() / 1000).toFixed(0)} s)`);
    await new Promise((r) => setTimeout(r, CONFIRM_POLL_MS));
    left = await pending();
  }
  return { seconds: elapsed() / 1000, pendingAtEnd, pendingAtDeadline: left };
}
