import type { Collection, Db } from 'mongodb';
import { pushToOutbox, UserProfileChangedV1 } from '@idaas/events';
import { normalizeEmail, type UserState } from '@idaas/identity';
import { forTenant } from '@idaas/store';
import { USERS, type UserDocument } from './user-document';
import { origin, userRecords, type EventSource } from './user-events';

/** What proving an address came to: done now, done before, or the proof no longer applies. */
export type AddressProofOutcome = 'verified' | 'already_verified' | 'address_changed';

/**
 * Users whose address is proven by the `verifyEmail` transition (sign-up) or by accepting an
 * invitation; this proof is for everyone else (a changed address, a tenant without verification at
 * sign-up, an import), and leaves the state alone.
 */
const PROVEN_BY_TRANSITION: readonly UserState[] = ['pending_verification', 'pending_invite', 'deleted'];

/**
 * Marks a user's address verified after the fact, told as `idaas.user.profile_changed.v1` naming
 * `emailVerified` (no address, no code). The proof holds for the address it was sent to only: the
 * address is part of the same conditional update, so a change of address in between, even one
 * racing this write, leaves the new address unverified.
 */
export class EmailAddressProof {
  private readonly collection: Collection<UserDocument>;
  private readonly events: EventSource;

  constructor(db: Db, events: EventSource) {
    this.collection = db.collection<UserDocument>(USERS);
    this.events = { region: events.region, source: events.source };
  }

  async confirm(tenantId: string, userId: string, sentTo: string, now: Date): Promise<AddressProofOutcome> {
    const users = forTenant(this.collection, tenantId);
    const emailNormalized = normalizeEmail(sentTo);
    const event = UserProfileChangedV1.create(
      userId,
      { userId, changed: ['emailVerified'] },
      origin(this.events, tenantId, now),
    );
    const proven = await users.findOneAndUpdate(
      {
        _id: userId,
        emailNormalized,
        emailVerified: { $ne: true },
        state: { $nin: [...PROVEN_BY_TRANSITION] },
      },
      {
        $set: { emailVerified: true, updatedAt: now },
        $inc: { version: 1 },
        ...pushToOutbox(userRecords([event])),
      },
    );
    if (proven) return 'verified';
    const current = await users.findOne({ _id: userId }, { projection: { outbox: 0 } });
    return current?.emailNormalized === emailNormalized && current.emailVerified
      ? 'already_verified'
      : 'address_changed';
  }
}
