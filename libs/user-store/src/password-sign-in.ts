import {
  UserLockedV1,
  UserSignInFailedV1,
  UserSignInSucceededV1,
  UserUnlockedV1,
  pushToOutbox,
} from '@idaas/events';
import {
  decideSignIn,
  lockEndsAt,
  nextState,
  verifiesAtOnce,
  type LockoutPolicy,
  type PasswordHasher,
  type PasswordSignIn,
  type SignInRefusal,
} from '@idaas/identity';
import type { TenantScopedCollection } from '@idaas/store';
import { toUser, type UserDocument } from './user-document';
import { origin, userRecords, type EventSource } from './user-events';

type Users = TenantScopedCollection<UserDocument>;
type KnownRefusal = Exclude<SignInRefusal, 'unknown_user'>;

/**
 * A password sign-in of a known user, with the lockout enforced by the database rather than by
 * reading and then writing: every check of a password first RESERVES an attempt with one
 * conditional increment (`failedAttempts < max`). However many requests arrive at once, at most
 * `max` reservations succeed, so at most `max` wrong passwords are ever checked, and the
 * reservation that reaches `max` and fails locks the user. Only single-document atomic updates
 * are used, which every MongoDB-wire server supports.
 */
export class PasswordSignInFlow {
  constructor(
    private readonly users: Users,
    private readonly hasher: PasswordHasher,
    private readonly events: EventSource,
    private readonly lockout: LockoutPolicy,
    private readonly now: Date,
  ) {}

  async run(found: UserDocument, password: string): Promise<PasswordSignIn> {
    let doc = found;
    // A lift (unlock, stale counter) changes the document, so decide again on what it left; a
    // second lift in a row means someone else keeps changing the user: refuse rather than spin.
    for (let lifted = false; ; lifted = true) {
      const decision = decideSignIn(toUser(doc), this.lockout, this.now);
      if (decision.kind === 'refuse') {
        // decideSignIn answers `unknown_user` only for no user; `doc` is one.
        return this.refuse(doc, decision.reason === 'unknown_user' ? 'locked' : decision.reason, password);
      }
      if (decision.kind === 'verify' || decision.kind === 'verify_for_reset')
        return this.attempt(doc, password);
      if (lifted) return this.refuse(doc, 'locked', password);
      doc = (await this.lift(doc, decision.kind)) ?? (await this.reload(doc));
    }
  }

  /**
   * The usual sign-in in one round trip: find the user by email and reserve an attempt in the
   * same conditional update, when `decideSignIn` would let them verify at once. Undefined when
   * no such user matched (unknown email, locked, not active, a full counter): the caller then
   * reads the user and `run`s the whole decision.
   */
  async reserveByEmail(emailNormalized: string, password: string): Promise<PasswordSignIn | undefined> {
    const { states, failedAttemptsBelow } = verifiesAtOnce(this.lockout);
    const before = await this.users.findOneAndUpdate(
      { emailNormalized, state: { $in: [...states] }, failedAttempts: { $lt: failedAttemptsBelow } },
      this.reservation(),
      'before',
    );
    if (!before) return undefined;
    const reserved: UserDocument = {
      ...before,
      failedAttempts: before.failedAttempts + 1,
      version: before.version + 1,
      lastAttemptAt: this.now,
    };
    return this.check(before, reserved, password);
  }

  /** One more attempt counted, before its password is checked. */
  private reservation() {
    return { $inc: { failedAttempts: 1, version: 1 }, $set: { lastAttemptAt: this.now } };
  }

  private async attempt(doc: UserDocument, password: string): Promise<PasswordSignIn> {
    // If this process dies after the reservation and before the check, the reservation stays: it
    // counts as a wrong password (the safe reading: an attacker cannot win attempts by crashing
    // us). Should it be the one that filled the counter, nobody locks the user; decideSignIn then
    // clears the counter once a lock would have run out (`clear_stale_then_verify`).
    const reserved = await this.users.findOneAndUpdate(
      { _id: doc._id, state: doc.state, failedAttempts: { $lt: this.lockout.maxAttempts } },
      this.reservation(),
    );
    if (!reserved) return this.refuse(await this.reload(doc), 'locked', password);
    return this.check(doc, reserved, password);
  }

  /** The password against a reserved attempt; `doc` is the user as it was before the reservation. */
  private async check(doc: UserDocument, reserved: UserDocument, password: string): Promise<PasswordSignIn> {
    if (await this.hasher.verify(reserved.passwordHash, password))
      return this.succeed(reserved, password, { count: doc.failedAttempts, lastAt: doc.lastAttemptAt });

    if (reserved.failedAttempts >= this.lockout.maxAttempts && (await this.lock(reserved))) {
      return { outcome: 'refused', reason: 'wrong_password' };
    }
    await this.record(reserved, 'wrong_password', reserved.failedAttempts);
    return { outcome: 'refused', reason: 'wrong_password' };
  }

  private async succeed(
    reserved: UserDocument,
    password: string,
    /** Read before this attempt's reservation, which the success then clears with the rest. */
    priorFailures: { count: number; lastAt?: Date | undefined },
  ): Promise<PasswordSignIn> {
    const resetOnly = reserved.state === 'password_reset_required';
    const event = UserSignInSucceededV1.create(
      reserved._id,
      { userId: reserved._id, method: 'password', passwordResetRequired: resetOnly },
      this.origin(),
    );
    // Conditional on the state the reservation saw: a concurrent wrong password may have locked
    // the user meanwhile, and a lock wins over a late success.
    const signedIn = await this.users.findOneAndUpdate(
      { _id: reserved._id, state: reserved.state },
      {
        $set: { failedAttempts: 0, lastSignInAt: this.now, updatedAt: this.now },
        $inc: { version: 1 },
        ...pushToOutbox(userRecords([event])),
      },
    );
    if (!signedIn) return this.refuse(await this.reload(reserved), 'locked', password);
    if (resetOnly) return { outcome: 'reset_required', user: toUser(signedIn) };
    const { count, lastAt } = priorFailures;
    return {
      outcome: 'signed_in',
      user: toUser(signedIn),
      priorFailures: { count, ...(lastAt ? { lastAt } : {}) },
    };
  }

  /** The `lock` transition with its events, if the user is still in a state it starts from. */
  private async lock(reserved: UserDocument): Promise<boolean> {
    const lockedUntil = lockEndsAt(this.lockout, this.now);
    const from = reserved.state as 'active' | 'password_reset_required';
    const events = [
      UserSignInFailedV1.create(
        reserved._id,
        { userId: reserved._id, reason: 'wrong_password', failedAttempts: reserved.failedAttempts },
        this.origin(),
      ),
      UserLockedV1.create(
        reserved._id,
        { userId: reserved._id, from, lockedUntil: lockedUntil.toISOString() },
        this.origin(),
      ),
    ];
    return this.users.updateOne(
      { _id: reserved._id, state: reserved.state },
      {
        $set: { state: nextState(reserved.state, 'lock'), lockedUntil, updatedAt: this.now },
        $inc: { version: 1 },
        ...pushToOutbox(userRecords(events)),
      },
    );
  }

  /** Unlocks an expired lock, or clears a counter filled by a dead reservation. Null if it lost a race. */
  private async lift(
    doc: UserDocument,
    kind: 'unlock_then_verify' | 'clear_stale_then_verify',
  ): Promise<UserDocument | null> {
    if (kind === 'clear_stale_then_verify') {
      return this.users.findOneAndUpdate(
        { _id: doc._id, version: doc.version },
        { $set: { failedAttempts: 0, updatedAt: this.now }, $inc: { version: 1 } },
      );
    }
    const event = UserUnlockedV1.create(doc._id, { userId: doc._id, via: 'expired' }, this.origin());
    return this.users.findOneAndUpdate(
      { _id: doc._id, version: doc.version, state: 'locked' },
      {
        $set: { state: nextState(doc.state, 'unlock'), failedAttempts: 0, updatedAt: this.now },
        $unset: { lockedUntil: '' },
        $inc: { version: 1 },
        ...pushToOutbox(userRecords([event])),
      },
    );
  }

  /**
   * Refused without a reservation. A locked user gets no password check at all (that is what
   * makes a lock cheap under attack); a user who may not sign in gets the dummy check, so the
   * time taken does not tell that the account exists in that state.
   */
  private async refuse(doc: UserDocument, fallback: KnownRefusal, password: string): Promise<PasswordSignIn> {
    const decision = decideSignIn(toUser(doc), this.lockout, this.now);
    const reason: KnownRefusal =
      decision.kind === 'refuse' && decision.reason !== 'unknown_user' ? decision.reason : fallback;
    if (reason === 'not_active') await this.hasher.verify(undefined, password);
    await this.record(doc, reason, doc.failedAttempts);
    return { outcome: 'refused', reason };
  }

  private async record(doc: UserDocument, reason: KnownRefusal, failedAttempts: number): Promise<void> {
    const event = UserSignInFailedV1.create(
      doc._id,
      { userId: doc._id, reason, failedAttempts },
      this.origin(),
    );
    await this.users.updateOne(
      { _id: doc._id },
      { $set: { updatedAt: this.now }, $inc: { version: 1 }, ...pushToOutbox(userRecords([event])) },
    );
  }

  private async reload(doc: UserDocument): Promise<UserDocument> {
    return (await this.users.findOne({ _id: doc._id })) ?? doc;
  }

  private origin() {
    return origin(this.events, this.users.tenantId, this.now);
  }
}
