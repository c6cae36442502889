import type { Db } from 'mongodb';
import type { OutboundEvent } from './bus';
import type { OutboxRecord } from './outbox';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
import {
  MIN_PASS_MS,
  OutboxSweep,
  PASS_BATCHES,
  PASS_SHARE,
  type PendingCursor,
  type PendingDoc,
} from './outbox-sweep';

/**
 * A collection as an index-less server (mongo-java-server) serves it: every query reads documents
 * in key order from the start, a `limit` stops the read early, and a cursor hands out what its
 * query matched when it ran. It counts every document a query reads, the cost that matters there.
 */
class IndexlessCollection {
  /** Documents read by queries so far. */
  examined = 0;
  /** Queries run so far: one per collection and relay round. */
  queries = 0;
  /** The most documents one query matched, which the server holds until its cursor ends. */
  largestQuery = 0;
  /** Makes the cursors open now fail on every further read, as after a lost connection. */
  breakCursors: () => void = () => undefined;
  private readonly docs = new Map<string, OutboxRecord[]>();

  constructor(
    private readonly advanceClock: (ms: number) => void = () => undefined,
    private readonly msPerRead = 0,
  ) {}

  insert(id: string, pending: number): OutboxRecord[] {
    const outbox = Array.from({ length: pending }, (_, i) => record(`${id}#${i}`));
    this.docs.set(id, outbox);
    return outbox;
  }

  pendingCount(): number {
    return [...this.docs.values()].filter((o) => o.length > 0).length;
  }

  find(filter: Record<string, unknown>, options: { limit?: number; batchSize?: number }) {
    expect(Object.keys(filter)).toEqual(['outbox.0']);
    this.queries += 1;
    let matched: PendingDoc[] | undefined;
    const run = (): PendingDoc[] => {
      if (matched) return matched;
      matched = [];
      for (const id of [...this.docs.keys()].sort()) {
        this.examined += 1;
        this.advanceClock(this.msPerRead);
        const outbox = this.docs.get(id)!;
        if (outbox.length > 0) matched.push({ _id: id, outbox: [...outbox] });
        if (options.limit && matched.length === options.limit) break;
      }
      this.largestQuery = Math.max(this.largestQuery, matched.length);
      return matched;
    };
    let broken = false;
    const breakBefore = this.breakCursors;
    this.breakCursors = () => {
      broken = true;
      breakBefore();
    };
    const cursor: PendingCursor & { toArray(): Promise<PendingDoc[]> } = {
      next: async () => {
        if (broken) throw new Error('connection lost');
        return run().shift() ?? null;
      },
      close: async () => undefined,
      toArray: async () => run().splice(0),
    };
    return cursor;
  }

  async bulkWrite(ops: { updateOne: { filter: { _id: string }; update: Pull } }[]) {
    let modifiedCount = 0;
    for (const { updateOne } of ops) {
      const outbox = this.docs.get(updateOne.filter._id);
      const ids = new Set(updateOne.update.$pull.outbox.id.$in);
      if (!outbox?.some((r) => ids.has(r.id))) continue;
      this.docs.set(
        updateOne.filter._id,
        outbox.filter((r) => !ids.has(r.id)),
      );
      modifiedCount += 1;
    }
    return { modifiedCount };
  }

  asDb(): Db {
    return { collection: () => this } as unknown as Db;
  }
}

interface Pull {
  $pull: { outbox: { id: { $in: string[] } } };
}

const record = (id: string): OutboxRecord =>
  ({ id, topic: 'relay.test', event: { id } }) as unknown as OutboxRecord;

class RecordingPublisher {
  readonly ids: string[] = [];
  failNext = false;
  async publish(events: readonly OutboundEvent[]): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('broker unavailable');
    }
    this.ids.push(...events.map((e) => (e as OutboxRecord).id));
  }
}

const quiet = () => undefined;
const logger = { info: quiet, warn: quiet } as unknown as OutboxRelayOptions['logger'];

async function relayAll(relay: OutboxRelay): Promise<void> {
  while ((await relay.relayOnce()) > 0);
}

/** `count` users with one pending event each, their ids of one width (`u0000`...): the records. */
const usersWithOneEvent = (users: IndexlessCollection, count: number): OutboxRecord[] =>
  Array.from({ length: count }, (_, i) =>
    users.insert(`u${String(i).padStart(String(count).length, '0')}`, 1),
  ).flat();

/** A relay of the `users` collection to a publisher that records what it was given. */
function relayOf(users: IndexlessCollection) {
  const publisher = new RecordingPublisher();
  return {
    publisher,
    relay: new OutboxRelay({ db: users.asDb(), collections: ['users'], publisher, logger }),
  };
}

describe('outbox relay on a server without indexes', () => {
  it('drains a backlog reading each document about once, not once per batch, in each outbox order', async () => {
    const users = new IndexlessCollection();
    const expected = new Map<string, string[]>();
    // 20,000 users, every fourth with pending events (some with several), spread over the key
    // range as random ids spread them: a backlog whose front empties first.
    for (let i = 0; i < 20_000; i++) {
      const id = `user-${String(i).padStart(6, '0')}`;
      const outbox = users.insert(id, i % 4 === 0 ? 1 + (i % 3) : 0);
      if (outbox.length > 0)
        expected.set(
          id,
          outbox.map((r) => r.id),
        );
    }
    const { publisher, relay } = relayOf(users);

    await relayAll(relay);

    expect(users.pendingCount()).toBe(0);
    const all = [...expected.values()].flat();
    expect([...publisher.ids].sort()).toEqual([...all].sort());
    for (const ids of expected.values()) {
      const at = publisher.ids.indexOf(ids[0]!);
      expect(publisher.ids.slice(at, at + ids.length)).toEqual(ids);
    }
    // One pass, then one that finds nothing left. A query per batch of 200 reads from the start
    // each time: about 260,000 documents here, and n² / 400 in general.
    expect(users.examined).toBeLessThanOrEqual(2 * 20_000);
  });

  it.each<{
    what: string;
    error: string;
    fail: (users: IndexlessCollection, publisher: RecordingPublisher) => void;
  }>([
    {
      what: 'publishes again what a round failed to publish',
      error: 'broker unavailable',
      fail: (_, publisher) => {
        publisher.failNext = true;
      },
    },
    {
      what: 'starts a new pass after its cursor failed',
      error: 'connection lost',
      fail: (users) => users.breakCursors(),
    },
  ])('$what', async ({ error, fail }) => {
    const users = new IndexlessCollection();
    const all = usersWithOneEvent(users, 1000);
    const { publisher, relay } = relayOf(users);

    expect(await relay.relayOnce()).toBe(200);
    fail(users, publisher);
    await expect(relay.relayOnce()).rejects.toThrow(error);
    await relayAll(relay);

    expect(new Set(publisher.ids)).toEqual(new Set(all.map((r) => r.id)));
    expect(users.pendingCount()).toBe(0);
  });
});

describe('a pass over a large outbox collection', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 0;
  });

  it('leaves a write behind its cursor to the next pass, and restarts a pass older than its limit', async () => {
    const users = new IndexlessCollection();
    usersWithOneEvent(users, 1000);
    const sweep = new OutboxSweep(users, 200, clock);

    expect(await sweep.nextBatch()).toHaveLength(200);
    users.insert('a-late-user', 1);
    const beforeLimit = await sweep.nextBatch();
    expect(beforeLimit.map((d) => d._id)).not.toContain('a-late-user');

    now += MIN_PASS_MS + 1;
    const afterLimit = await sweep.nextBatch();
    expect(afterLimit[0]?._id).toBe('a-late-user');
    // The restarted pass reads the remaining backlog once more, no further.
    expect(users.examined).toBe(1000 + 1001);
  });

  it('covers at most PASS_BATCHES batches, so the server never holds a whole large backlog', async () => {
    const users = new IndexlessCollection();
    const all = usersWithOneEvent(users, 30_000);
    const { publisher, relay } = relayOf(users);

    await relayAll(relay);

    expect(publisher.ids).toHaveLength(all.length);
    expect(users.pendingCount()).toBe(0);
    expect(users.largestQuery).toBe(PASS_BATCHES * 200);
  });

  it('lets a pass whose opening scan was slow run for that many times longer', async () => {
    const users = new IndexlessCollection((ms) => (now += ms), 5);
    usersWithOneEvent(users, 4000);
    const sweep = new OutboxSweep(users, 200, clock);
    await sweep.nextBatch(); // the scan took 4,000 × 5 ms = 20 s
    const limit = PASS_SHARE * 20_000;
    users.insert('a-late-user', 1);

    now = limit - 1;
    expect((await sweep.nextBatch()).map((d) => d._id)).not.toContain('a-late-user');
    now = limit + 1;
    expect((await sweep.nextBatch())[0]?._id).toBe('a-late-user');
  });
});

describe('the relay under a steady stream of writes', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('gathers a trickle of events into a round every idleMs instead of running rounds back to back', async () => {
    jest.useFakeTimers();
    const users = new IndexlessCollection();
    const publisher = new RecordingPublisher();
    const relay = new OutboxRelay({
      db: users.asDb(),
      collections: ['users'],
      publisher,
      logger,
      idleMs: 100,
    });
    relay.start();
    // A sign-in every 10 ms for a second, written by a process that does not kick this relay.
    const written: string[] = [];
    for (let i = 0; i < 100; i++) {
      written.push(...users.insert(`signin-${String(i).padStart(3, '0')}`, 1).map((r) => r.id));
      await jest.advanceTimersByTimeAsync(10);
    }
    const roundsWhileWriting = users.queries;
    await jest.advanceTimersByTimeAsync(200);
    await relay.stop();

    // Every event left within a pause and a round of being written.
    expect(users.pendingCount()).toBe(0);
    expect(new Set(publisher.ids)).toEqual(new Set(written));
    // About one round per 100 ms. Going on at once after each round with events, as the relay
    // did, took two rounds per pause here (one with the events, one finding none) and, where
    // rounds take time, one after another for as long as writes keep coming.
    expect(roundsWhileWriting).toBeLessThanOrEqual(12);
  });
});
