import type { Collection, Db } from 'mongodb';
import { pushToOutbox, UserSignInSucceededV2, type SignInMethod } from '@idaas/events';
import { forTenant } from '@idaas/store';
import { USERS, type UserDocument } from './user-document';
import { origin, userRecords, type EventSource } from './user-events';

/** The states a sign-in can complete in; the event says which one it was. */
const SIGNED_IN_STATES = ['active', 'password_reset_required'] as const;

/**
 * Completed sign-ins, whatever the method: the user's last sign-in time moves and
 * `idaas.user.signin.succeeded.v2` goes into the user document's outbox, in one single-document
 * update. The user document rather than the session: it is the aggregate every user event is
 * keyed by (so v2 follows that user's v1 on the topic), the region relays it already, and it
 * outlives the session, which a logout during a broker outage would delete with its event.
 */
export class MongoCompletedSignIns {
  private readonly users: Collection<UserDocument>;
  private readonly events: EventSource;

  constructor(db: Db, events: EventSource) {
    this.users = db.collection<UserDocument>(USERS);
    this.events = { region: events.region, source: events.source };
  }

  /**
   * Records the sign-in; false when the user is in no state a sign-in completes in (locked,
   * disabled or deleted in the instant since the last step checked), and then nothing is written.
   * No version bump: the profile did not change, as for a passkey sign-in's time.
   */
  async record(
    tenantId: string,
    userId: string,
    signIn: { method: SignInMethod; amr: readonly string[] },
    now: Date,
  ): Promise<boolean> {
    const users = forTenant(this.users, tenantId);
    // Conditional on the state the event tells, so it cannot say "reset required" of an active user.
    for (const state of SIGNED_IN_STATES) {
      const event = UserSignInSucceededV2.create(
        userId,
        {
          userId,
          method: signIn.method,
          amr: [...signIn.amr],
          passwordResetRequired: state === 'password_reset_required',
        },
        origin(this.events, tenantId, now),
      );
      const written = await users.updateOne(
        { _id: userId, state },
        { $set: { lastSignInAt: now }, ...pushToOutbox(userRecords([event])) },
      );
      if (written) return true;
    }
    return false;
  }
}
