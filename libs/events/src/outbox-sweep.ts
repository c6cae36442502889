import type { Document } from 'mongodb';
import type { OutboxRecord } from './outbox';

/** A document with pending events, as the relay reads it (the outbox and `_id` only). */
export interface PendingDoc extends Document {
  outbox: OutboxRecord[];
}

/** Documents whose outbox holds at least one record. */
export const PENDING = { 'outbox.0': { $exists: true } } as const;

/** What a sweep needs of a collection: the driver's `Collection` fits, and so does a test double. */
export interface PendingSource {
  find(
    filter: typeof PENDING,
    options: { projection: { outbox: 1 }; batchSize: number; limit: number },
  ): PendingCursor;
}

export interface PendingCursor {
  next(): Promise<PendingDoc | null>;
  close(): Promise<void>;
}

/**
 * A pass covers at most this many batches. mongo-java-server gathers a query's matches when it
 * runs and keeps them until the cursor is exhausted or killed, with no timeout: a pass of a whole
 * 500k-user backlog would pin that many documents in its heap, and a relay killed mid-pass would
 * leave them there. The price: each further pass reads again from the start, past what the
 * previous ones emptied (for 100k pending documents, 5 passes instead of 1).
 */
export const PASS_BATCHES = 100;
/** A pass is restarted after this long at the earliest... */
export const MIN_PASS_MS = 10_000;
/** ...or after this many times what opening it cost, so re-scans keep at most a ninth of the time. */
export const PASS_SHARE = 8;

/**
 * Walks one outbox collection's pending documents batch by batch, one cursor per pass of up to
 * PASS_BATCHES batches instead of one query per batch.
 *
 * Why: a query per batch, `find(PENDING).limit(200)`, is a scan from the collection's start on a
 * server without a usable index (mongo-java-server builds none; on MongoDB `outbox.0` is not
 * indexed either). As a backlog empties, each of those scans crosses ever more published
 * documents before finding 200 pending ones, so a drain of n documents costs about n² / 400
 * reads. Continuing after the last `_id` seen would not help there: mongo-java-server answers
 * `_id` only for equality and `$in`, so `{_id: {$gt: last}}` is a scan from the start too, and a
 * sort on `_id` makes it collect and sort every match. One cursor per pass reads each document
 * once per pass on any server (mongo-java-server gathers the pass's matches in its first batch;
 * MongoDB streams them). Measured on mongo-java-server with 100k one-event outboxes of about
 * 1 kB, the relay alone: 173 s, falling from 1,965 to 153 events/s, before; 15 s after, at
 * 10,500 events/s at first and still 9,400/s at the end.
 *
 * A pass ends when its cursor is exhausted; the next batch then starts a new pass from the start,
 * which picks up what was written behind the cursor. So that such a write does not wait for a
 * whole long pass, a pass is also restarted once it is older than
 * max(MIN_PASS_MS, PASS_SHARE × the time its first batch took): a write waits at most that long
 * plus one scan. Restarting only re-reads; what a pass already published has left its outboxes.
 */
export class OutboxSweep {
  private cursor: PendingCursor | undefined;
  private openedAt = 0;
  private passLimitMs = MIN_PASS_MS;
  /** Whether the pass's first document is still to come (its arrival times the opening). */
  private opening = false;

  constructor(
    private readonly source: PendingSource,
    private readonly batchSize: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * The next batch of pending documents, at most `batchSize`. Empty only when a fresh pass found
   * nothing pending: an exhausted or expired pass is followed by a new one within the same call.
   */
  async nextBatch(): Promise<PendingDoc[]> {
    try {
      return await this.continueOrRestart();
    } catch (e) {
      // A cursor that failed once (server restarted, connection lost) may fail for good.
      await this.close();
      throw e;
    }
  }

  private async continueOrRestart(): Promise<PendingDoc[]> {
    if (this.cursor && this.now() - this.openedAt > this.passLimitMs) await this.close();
    if (this.cursor) {
      const batch = await this.take();
      if (batch.length > 0) return batch;
    }
    await this.open();
    return this.take();
  }

  /**
   * Ends the pass. After a failed round the relay calls this, so the next batch starts a pass
   * that reads again what the failed round took (a cursor moves on; the outboxes did not).
   */
  async close(): Promise<void> {
    const cursor = this.cursor;
    this.cursor = undefined;
    await cursor?.close().catch(() => undefined);
  }

  private async open(): Promise<void> {
    await this.close();
    this.cursor = this.source.find(PENDING, {
      projection: { outbox: 1 },
      batchSize: this.batchSize,
      limit: PASS_BATCHES * this.batchSize,
    });
    this.openedAt = this.now();
    this.passLimitMs = MIN_PASS_MS;
    this.opening = true;
  }

  private async take(): Promise<PendingDoc[]> {
    const cursor = this.cursor;
    if (!cursor) return [];
    const batch: PendingDoc[] = [];
    while (batch.length < this.batchSize) {
      const doc = await cursor.next();
      if (doc === null) {
        await this.close();
        break;
      }
      batch.push(doc);
      // The first document of a pass arrives after the server's scan (mongo-java-server) or the
      // first stretch of its walk (MongoDB): what opening the pass cost.
      if (this.opening) {
        this.opening = false;
        this.passLimitMs = Math.max(MIN_PASS_MS, PASS_SHARE * (this.now() - this.openedAt));
      }
    }
    return batch;
  }
}
