import type { Collection, Db, Document, UpdateFilter } from 'mongodb';
import { meter, type Logger } from '@idaas/telemetry';
import type { EventPublisher } from './bus';
import type { OutboxRecord } from './outbox';
import { OutboxSweep, PENDING, type PendingDoc } from './outbox-sweep';

export interface OutboxRelayOptions {
  db: Db;
  /** Collections whose documents carry an `outbox` array. */
  collections: readonly string[];
  /** Outbox collections in other databases this process relays (e.g. the region's users). */
  elsewhere?: readonly OutboxSource[];
  publisher: EventPublisher;
  logger: Logger;
  /** Documents per round and collection; their events go to the broker in one batch. */
  batchSize?: number;
  /** How long to sleep when nothing is pending; `kick()` wakes the relay early. */
  idleMs?: number;
}

export interface OutboxSource {
  db: Db;
  collections: readonly string[];
}

/** A quiet round is followed by at least this many times its own duration... */
const IDLE_SHARE = 4;
/** ...but never by more than this, so writes from other processes still leave within seconds. */
const MAX_IDLE_PAUSE_MS = 10_000;

/**
 * Publishes what services wrote into their aggregates' outboxes, then removes exactly the
 * records it published. A crash between the two re-publishes them (at least once); consumers
 * dedupe by event id. A broker outage only delays: records stay until the broker accepts them.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** A kick that came while a round was running: that round may have read past the new write. */
  private kicked = false;
  private readonly collections: Collection<PendingDoc>[];
  /** One pass at a time over each collection, continued round after round (see OutboxSweep). */
  private readonly sweeps: OutboxSweep[];
  private readonly published = meter('idaas.outbox').createCounter('outbox.events.published');
  private failures = 0;
  private readonly batchSize: number;

  constructor(private readonly options: OutboxRelayOptions) {
    this.collections = [
      { db: options.db, collections: options.collections },
      ...(options.elsewhere ?? []),
    ].flatMap(({ db, collections }) => collections.map((c) => db.collection<PendingDoc>(c)));
    this.batchSize = options.batchSize ?? 200;
    this.sweeps = this.collections.map((c) => new OutboxSweep(c, this.batchSize));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Called after a local write so the event leaves now rather than at the next poll. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /**
   * Publishes one round: the next batch of each collection's current pass. Returns how many
   * events went out; 0 means a fresh pass over every collection found nothing pending.
   */
  async relayOnce(): Promise<number> {
    return (await this.round()).sent;
  }

  /** One round: the events sent, and whether a batch was full somewhere (more is waiting). */
  private async round(): Promise<{ sent: number; full: boolean }> {
    let sent = 0;
    let full = false;
    for (const [i, collection] of this.collections.entries()) {
      const sweep = this.sweeps[i]!;
      const docs = await sweep.nextBatch();
      if (docs.length === 0) continue;
      if (docs.length >= this.batchSize) full = true;
      const records = docs.flatMap((d) => d.outbox);
      try {
        await this.options.publisher.publish(records);
        await removePublished(collection, docs);
      } catch (e) {
        // The pass has moved past these documents; a new one reads them again (at least once).
        await sweep.close();
        throw e;
      }
      this.published.add(records.length);
      sent += records.length;
    }
    return { sent, full };
  }

  /** Counts events still waiting (the outbox backlog). */
  async backlog(): Promise<number> {
    let n = 0;
    for (const c of this.collections) {
      const docs = await c.find(PENDING, { projection: { outbox: 1 } }).toArray();
      n += docs.reduce((sum, d) => sum + d.outbox.length, 0);
    }
    return n;
  }

  /** For graceful shutdown: publish what is pending, within a deadline. */
  async flush(deadlineMs = 10000): Promise<void> {
    const until = Date.now() + deadlineMs;
    try {
      while (Date.now() < until) {
        try {
          if ((await this.relayOnce()) === 0) return;
        } catch (e) {
          this.options.logger.warn({ err: e }, 'outbox flush round failed');
          await sleep(200);
        }
      }
    } finally {
      await this.closeSweeps();
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.closeSweeps();
  }

  private async closeSweeps(): Promise<void> {
    await Promise.all(this.sweeps.map((s) => s.close()));
  }

  private async run(): Promise<void> {
    const idleMs = this.options.idleMs ?? 100;
    // Each idle round reads every outbox collection, which costs a scan where the pending-events
    // query has no index to use (mongo-java-server builds none). So quiet rounds back off to a
    // second; a local write kicks the relay at once, and any published event resets the pace.
    // Where a quiet round's scans themselves take long (100k users on mongo-java-server: about a
    // second), the pause is a multiple of that round, so idle polling keeps at most a fifth of
    // the server's time and writes from other processes wait a few seconds instead.
    let quietRounds = 0;
    while (this.running) {
      this.kicked = false;
      let sent = 0;
      let full = false;
      const roundStarted = Date.now();
      try {
        ({ sent, full } = await this.round());
        if (this.failures > 0) this.options.logger.info({ after: this.failures }, 'outbox relay recovered');
        this.failures = 0;
      } catch (e) {
        this.failures += 1;
        // Log the first failure and then every tenth, so a long broker outage does not flood logs.
        if (this.failures === 1 || this.failures % 10 === 0) {
          this.options.logger.warn(
            { err: e, failures: this.failures },
            'outbox relay could not publish; will retry',
          );
        }
      }
      if (!this.running) break;
      // A kick during a failing round waits for the backoff: the broker is the problem, not the write.
      // A full batch means a backlog: the next round goes at once.
      if ((this.kicked && this.failures === 0) || (sent > 0 && full)) {
        quietRounds = 0;
        continue;
      }
      let pause: number;
      if (sent > 0) {
        // Events came in but no backlog: wait `idleMs` (a kick cuts it short) so the next round
        // gathers what arrives meanwhile. Going on at once would, under a steady stream such as
        // sign-ins, run rounds back to back, each one query per outbox collection for a few
        // events (measured: about two queries per sign-in in the authentication service).
        quietRounds = 0;
        pause = idleMs;
      } else {
        quietRounds += 1;
        const paced = Math.min(Math.max(idleMs, 1000), idleMs * 2 ** Math.min(quietRounds - 1, 4));
        const quiet = Math.max(paced, Math.min(MAX_IDLE_PAUSE_MS, IDLE_SHARE * (Date.now() - roundStarted)));
        pause = this.failures > 0 ? Math.min(5000, 100 * 2 ** Math.min(this.failures, 6)) : quiet;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, pause);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}

/**
 * Removes the published records from their documents' outboxes while writers may be appending.
 *
 * One unordered bulk of `$pull`s by record id, each with a filter of `_id` alone. It must be
 * `_id` alone: mongo-java-server uses an index only for a query whose keys are exactly the
 * index's, so any further condition scans the whole collection, once per published document.
 * With 50k users that made each relay round take tens of seconds and stalled bulk imports
 * (measured in tools/bench/src/users). Concurrent `$push`es are safe: the server applies each
 * update to a document atomically.
 *
 * When not every document reports a change (a server that ignores or refuses a conditional
 * `$pull`, such as FerretDB 1.x, or another relay got there first), each document goes through
 * the compare-and-set below, which also ends at once where nothing published is left.
 */
async function removePublished(
  collection: Collection<PendingDoc>,
  docs: readonly PendingDoc[],
): Promise<void> {
  const pulls = docs.map((d) => ({
    updateOne: { filter: { _id: d._id }, update: pullRecords(d.outbox.map((r) => r.id)) },
  }));
  const pulled = await collection.bulkWrite(pulls, { ordered: false }).catch(() => undefined);
  if (pulled?.modifiedCount === docs.length) return;
  await Promise.all(docs.map((d) => compareAndSetRemove(collection, d)));
}

/**
 * The portable removal: the filter pins the array's exact length and its first and last ids,
 * and `$set` writes what remains. Writers only append, so a lost race means new records arrived
 * (or the records were already removed): read again and retry.
 */
async function compareAndSetRemove(collection: Collection<PendingDoc>, published: PendingDoc): Promise<void> {
  const done = new Set(published.outbox.map((r) => r.id));
  let current: OutboxRecord[] = published.outbox;
  for (let attempt = 0; attempt < 20; attempt++) {
    const remaining = current.filter((r) => !done.has(r.id));
    if (remaining.length === current.length) return;
    const shape: Document = { _id: published._id, [`outbox.${current.length}`]: { $exists: false } };
    if (current.length > 0) {
      shape['outbox.0.id'] = current[0]!.id;
      shape[`outbox.${current.length - 1}.id`] = current[current.length - 1]!.id;
    }
    const r = await collection.updateOne(shape, { $set: { outbox: remaining } });
    if (r.modifiedCount === 1) return;
    const fresh = await collection.findOne({ _id: published._id }, { projection: { outbox: 1 } });
    current = fresh?.outbox ?? [];
  }
  throw new Error('outbox kept changing while the relay removed published records');
}

/** The driver's types model `$pull` on arrays of scalars; a condition on the records' `id` is valid MongoDB. */
function pullRecords(ids: string[]): UpdateFilter<PendingDoc> {
  const update: Document = { $pull: { outbox: { id: { $in: ids } } } };
  return update as UpdateFilter<PendingDoc>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
