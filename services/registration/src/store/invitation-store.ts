import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { hashSecret } from '@idaas/crypto';
import type { OutboxRecord } from '@idaas/events';
import type { IndexDeclaration } from '@idaas/store';
import { newOneTimeSecret } from '../domain/one-time-secret';

export const INVITATIONS = 'invitations';
export const INVITATION_LIFETIME_SECONDS = 7 * 24 * 3600;

/** One invitation link: the token's hash, single use, expiring; re-inviting closes the old one. */
export interface InvitationDocument {
  _id: string;
  tenantId: string;
  userId: string;
  email: string;
  invitedBy: string;
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  closedAt?: Date;
  outbox: OutboxRecord[];
}

export type Invitation = Omit<InvitationDocument, 'tokenHash' | 'outbox' | '_id'> & { invitationId: string };

export const invitationIndexes: IndexDeclaration[] = [
  { collection: INVITATIONS, keys: { tokenHash: 1 }, options: { unique: true } },
  { collection: INVITATIONS, keys: { tenantId: 1, userId: 1 } },
];

const toInvitation = ({ _id, tokenHash: _t, outbox: _o, ...rest }: InvitationDocument): Invitation => ({
  invitationId: _id,
  ...rest,
});

export class InvitationStore {
  private readonly collection: Collection<InvitationDocument>;

  constructor(db: Db) {
    this.collection = db.collection<InvitationDocument>(INVITATIONS);
  }

  /** A new link for the invitee; any earlier link stops working. */
  async issue(
    init: { tenantId: string; userId: string; email: string; invitedBy: string },
    request: (token: string) => OutboxRecord[],
    now: Date,
  ): Promise<Invitation> {
    await this.close(init.tenantId, init.userId, now);
    const secret = newOneTimeSecret(false);
    const doc: InvitationDocument = {
      _id: randomUUID(),
      ...init,
      tokenHash: secret.tokenHash,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INVITATION_LIFETIME_SECONDS * 1000),
      outbox: request(secret.token),
    };
    await this.collection.insertOne(doc);
    return toInvitation(doc);
  }

  /** The open invitation of a token, without using it up (the password may still be refused). */
  async findOpen(tenantId: string, token: string, now: Date): Promise<Invitation | undefined> {
    const doc = await this.collection.findOne(
      { tenantId, tokenHash: hashSecret(token), closedAt: { $exists: false }, expiresAt: { $gt: now } },
      { projection: { outbox: 0 } },
    );
    return doc ? toInvitation({ ...doc, outbox: [] }) : undefined;
  }

  /** Uses the invitation up; false when another request got there first. */
  async redeem(tenantId: string, invitationId: string, now: Date): Promise<boolean> {
    const r = await this.collection.updateOne(
      { _id: invitationId, tenantId, closedAt: { $exists: false } },
      { $set: { closedAt: now } },
    );
    return r.modifiedCount === 1;
  }

  async findPendingFor(tenantId: string, userId: string): Promise<Invitation | undefined> {
    const doc = await this.collection.findOne(
      { tenantId, userId, closedAt: { $exists: false } },
      { projection: { outbox: 0 } },
    );
    return doc ? toInvitation({ ...doc, outbox: [] }) : undefined;
  }

  /** Open invitations of the tenant, newest first (expired ones included: they can be re-sent). */
  async listPending(tenantId: string): Promise<Invitation[]> {
    const docs = await this.collection
      .find({ tenantId, closedAt: { $exists: false } }, { projection: { outbox: 0 } })
      .sort({ createdAt: -1 })
      .limit(500)
      .toArray();
    return docs.map((d) => toInvitation({ ...d, outbox: [] }));
  }

  async close(tenantId: string, userId: string, now: Date): Promise<void> {
    await this.collection.updateMany(
      { tenantId, userId, closedAt: { $exists: false } },
      { $set: { closedAt: now } },
    );
  }
}
