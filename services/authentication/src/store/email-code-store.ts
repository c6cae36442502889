import type { Collection, Db } from 'mongodb';
import { pushToOutbox, type OutboxRecord } from '@idaas/events';
import { isDuplicateKey, type IndexDeclaration } from '@idaas/store';
import {
  emailCodeMatches,
  nextEmailCode,
  secondsUntilResend,
  type EmailCodeState,
} from '../domain/email-code';

export const MFA_EMAIL_CODES = 'mfa_email_codes';

/** Kept well past any login flow (15 minutes), so the per-sign-in send limit cannot be reset by waiting. */
const KEEP_SECONDS = 3600;

/** One login flow's emailed code: `_id` is the flow id. The email's request rides in the outbox. */
interface EmailCodeDocument extends Omit<EmailCodeState, 'flowId'> {
  _id: string;
  tenantId: string;
  userId: string;
  keepUntil: Date;
  outbox: OutboxRecord[];
}

export const emailCodeIndexes: IndexDeclaration[] = [{ collection: MFA_EMAIL_CODES, keys: { keepUntil: 1 } }];

export type EmailCodeSent = { sent: true } | { sent: false; retryAfterSeconds?: number };

const stateOf = ({
  _id,
  sends,
  codeHash,
  lastSentAt,
  expiresAt,
  usedAt,
}: EmailCodeDocument): EmailCodeState => ({
  flowId: _id,
  sends,
  codeHash,
  lastSentAt,
  expiresAt,
  ...(usedAt ? { usedAt } : {}),
});

/**
 * The codes emailed as a second factor, one record per login flow, in the authentication
 * service's database. The code and its email request are written in one document, so either
 * both exist or neither; the service's outbox relay hands the request to the notification service.
 */
export class EmailCodeStore {
  private readonly collection: Collection<EmailCodeDocument>;

  constructor(db: Db) {
    this.collection = db.collection<EmailCodeDocument>(MFA_EMAIL_CODES);
  }

  private async find(tenantId: string, flowId: string, userId: string) {
    return this.collection.findOne({ _id: flowId, tenantId, userId }, { projection: { outbox: 0 } });
  }

  /** Whether this flow has sent a code (the page then asks for it rather than offering to send one). */
  async sent(tenantId: string, flowId: string, userId: string): Promise<boolean> {
    return (await this.find(tenantId, flowId, userId)) !== null;
  }

  /**
   * A new code for the flow, replacing the previous one, unless the resend limit says wait (or
   * never again for this sign-in). `request` builds the email's outbox records from the clear code.
   */
  async send(
    init: { tenantId: string; flowId: string; userId: string },
    request: (code: string) => OutboxRecord[],
    now: Date,
  ): Promise<EmailCodeSent> {
    const previous = await this.find(init.tenantId, init.flowId, init.userId);
    const wait = secondsUntilResend(previous ? stateOf(previous) : undefined, now);
    if (wait === undefined) return { sent: false };
    if (wait > 0) return { sent: false, retryAfterSeconds: wait };
    const { code, state } = nextEmailCode(previous ? stateOf(previous) : undefined, init.flowId, now);
    const { flowId: _flowId, ...fields } = state;
    if (!previous) {
      try {
        await this.collection.insertOne({
          _id: init.flowId,
          tenantId: init.tenantId,
          userId: init.userId,
          ...fields,
          keepUntil: new Date(now.getTime() + KEEP_SECONDS * 1000),
          outbox: request(code),
        });
        return { sent: true };
      } catch (e) {
        // Two first sends at once: the other one went.
        if (isDuplicateKey(e)) return { sent: false, retryAfterSeconds: 1 };
        throw e;
      }
    }
    // Conditional on the count read: of two resends at once, one goes.
    const replaced = await this.collection.updateOne(
      { _id: init.flowId, tenantId: init.tenantId, sends: previous.sends },
      { $set: fields, $unset: { usedAt: '' }, ...pushToOutbox(request(code)) },
    );
    return replaced.matchedCount === 1 ? { sent: true } : { sent: false, retryAfterSeconds: 1 };
  }

  /** Uses up the flow's latest code if `code` is it, unexpired and unused: true at most once. */
  async redeem(tenantId: string, flowId: string, userId: string, code: string, now: Date): Promise<boolean> {
    const doc = await this.find(tenantId, flowId, userId);
    if (!doc || !emailCodeMatches(stateOf(doc), code, now)) return false;
    const used = await this.collection.updateOne(
      { _id: flowId, tenantId, codeHash: doc.codeHash, usedAt: { $exists: false } },
      { $set: { usedAt: now } },
    );
    return used.matchedCount === 1;
  }

  async sweep(now: Date): Promise<number> {
    return (await this.collection.deleteMany({ keepUntil: { $lte: now } })).deletedCount;
  }
}
