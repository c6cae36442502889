import type { Collection, Db } from 'mongodb';
import {
  pushToOutbox,
  UserMfaChangedV1,
  type MfaChangeActor,
  type MfaChangeKind,
  type MfaChangeMethod,
} from '@idaas/events';
import { forTenant } from '@idaas/store';
import { USERS, type UserDocument } from './user-document';
import { origin, userRecords, type EventSource } from './user-events';

export interface MfaChange {
  method: MfaChangeMethod;
  change: MfaChangeKind;
  /** Left out for the user's own changes. */
  actor?: MfaChangeActor;
}

/** What telling of a change needs, so domain code and its tests do not need the database. */
export interface MfaChanges {
  record(tenantId: string, userId: string, change: MfaChange, now: Date): Promise<boolean>;
}

/**
 * Changes of a user's second factors, told as `idaas.user.mfa.changed.v1` in the user document's
 * outbox (the aggregate every user event is keyed by; the region relays it already).
 *
 * The factors live in other collections (`mfa_enrolments`, `webauthn_credentials`), so this is a
 * second write right after the change it describes, not part of it: a crash between the two
 * loses the event, it never sends one twice or one for a change that did not happen. No version
 * bump: the profile did not change.
 */
export class MongoMfaChanges implements MfaChanges {
  private readonly users: Collection<UserDocument>;
  private readonly events: EventSource;

  constructor(db: Db, events: EventSource) {
    this.users = db.collection<UserDocument>(USERS);
    this.events = { region: events.region, source: events.source };
  }

  /** False when the user is gone (deleted in the meantime); then nothing is written. */
  async record(tenantId: string, userId: string, change: MfaChange, now: Date): Promise<boolean> {
    const event = UserMfaChangedV1.create(
      userId,
      { userId, method: change.method, change: change.change, actor: change.actor ?? 'user' },
      origin(this.events, tenantId, now),
    );
    return forTenant(this.users, tenantId).updateOne({ _id: userId }, pushToOutbox(userRecords([event])));
  }
}
