import type { Collection, Db } from 'mongodb';
import type { IndexDeclaration } from '@idaas/store';
import type { MessageKind } from '@idaas/messages';
import type { ComposedEmail } from './compose-email';

export const EMAILS = 'emails';

export type EmailStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** One email to send, created once per (event, kind): the `_id` is `<eventId>:<kind>`. */
export interface EmailRecord extends ComposedEmail {
  _id: string;
  tenantId: string;
  userId: string;
  eventId: string;
  eventType: string;
  kind: MessageKind;
  messageId: string;
  status: EmailStatus;
  attempts: number;
  /** When a pending email is due, or when a sender's lease on a `sending` one runs out. */
  nextAttemptAt: Date;
  /** Which sender holds the lease; only it may record the outcome. */
  leaseOwner?: string;
  lastError?: string;
  createdAt: Date;
  sentAt?: Date;
  /**
   * The body holds a one-time code or link (a message request): erased once the email is sent or
   * given up, so the clear secret lives here no longer than delivery needs.
   */
  secretBody?: boolean;
}

export const emailRecordIndexes: IndexDeclaration[] = [
  // The sender's claim query: due emails, oldest due first.
  { collection: EMAILS, keys: { status: 1, nextAttemptAt: 1 } },
];

export const emailRecordId = (eventId: string, kind: MessageKind) => `${eventId}:${kind}`;

/** The emails of this region's notification service and their delivery state. */
export class EmailRecords {
  private readonly emails: Collection<EmailRecord>;

  constructor(db: Db) {
    this.emails = db.collection<EmailRecord>(EMAILS);
  }

  /**
   * Records an email unless this event already made one of this kind: a redelivered event
   * (the consumer is at-least-once) finds the record and adds nothing. Returns whether it is new.
   */
  async create(
    record: Omit<EmailRecord, 'status' | 'attempts' | 'nextAttemptAt'>,
    now: Date,
  ): Promise<boolean> {
    try {
      await this.emails.insertOne({ ...record, status: 'pending', attempts: 0, nextAttemptAt: now });
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  /**
   * Takes the next due email with one conditional update: a pending one, or one whose previous
   * sender's lease ran out (it crashed). Two senders never hold the same email at once.
   */
  async claim(owner: string, now: Date, leaseMs: number): Promise<EmailRecord | undefined> {
    const claimed = await this.emails.findOneAndUpdate(
      { status: { $in: ['pending', 'sending'] }, nextAttemptAt: { $lte: now } },
      {
        $set: { status: 'sending', leaseOwner: owner, nextAttemptAt: new Date(now.getTime() + leaseMs) },
        $inc: { attempts: 1 },
      },
      { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
    );
    return claimed ?? undefined;
  }

  async markSent(record: EmailRecord, now: Date): Promise<void> {
    await this.emails.updateOne(
      { _id: record._id, status: 'sending', leaseOwner: record.leaseOwner },
      {
        $set: { status: 'sent', sentAt: now, ...erased(record) },
        $unset: { leaseOwner: '', lastError: '' },
      },
    );
  }

  async retryLater(record: EmailRecord, error: string, at: Date): Promise<void> {
    await this.emails.updateOne(
      { _id: record._id, status: 'sending', leaseOwner: record.leaseOwner },
      { $set: { status: 'pending', nextAttemptAt: at, lastError: error }, $unset: { leaseOwner: '' } },
    );
  }

  async markFailed(record: EmailRecord, error: string): Promise<void> {
    await this.emails.updateOne(
      { _id: record._id, status: 'sending', leaseOwner: record.leaseOwner },
      { $set: { status: 'failed', lastError: error, ...erased(record) }, $unset: { leaseOwner: '' } },
    );
  }

  find(id: string): Promise<EmailRecord | null> {
    return this.emails.findOne({ _id: id });
  }
}

const erased = (record: EmailRecord) => (record.secretBody ? { html: '', text: '' } : {});

function isDuplicateKey(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 11000;
}
