import { randomUUID } from 'node:crypto';
import type { Collection, Db, Filter, Sort, UpdateFilter } from 'mongodb';
import {
  pushToOutbox,
  UserLockedV1,
  UserProfileChangedV1,
  UserRegisteredV1,
  UserCredentialsRevokedV1,
  UserStateChangedV1,
  UserUnlockedV1,
  type CloudEvent,
} from '@idaas/events';
import {
  DuplicateEmailError,
  IllegalTransitionError,
  nextState,
  PasswordReuseError,
  provesEmail,
  normalizeEmail,
  USER_TRANSITIONS,
  UserNotFoundError,
  type LockoutPolicy,
  type NewUser,
  type PasswordHasher,
  type PasswordSignIn,
  type User,
  type UserDirectory,
  type UserProfile,
  type UserState,
  type UserTransition,
} from '@idaas/identity';
import { argon2PasswordHasher } from '@idaas/crypto';
import { meter } from '@idaas/telemetry';
import { forTenant, isDuplicateKey, type TenantScopedCollection } from '@idaas/store';
import { PasswordSignInFlow } from './password-sign-in';
import { eraseUserSatellites } from './user-satellites';
import { toUser, USERS, type UserDocument } from './user-document';
import { origin, userRecords, type EventSource } from './user-events';

export interface MongoUserDirectoryOptions extends EventSource {
  /** argon2id by default; tests pass a counting one. */
  hasher?: PasswordHasher;
}

/** How often `transition` re-reads and retries when another writer changed the user in between. */
const TRANSITION_ATTEMPTS = 3;

/** One page of an admin listing (SCIM): the query is the caller's, the tenant clause is added here. */
export interface UserPage {
  filter: Filter<UserDocument>;
  sort: Sort;
  skip: number;
  limit: number;
}

/** What an admin may change about a user besides the state and the password. */
export interface ProfileChange {
  email: string;
  profile: UserProfile;
}

export class StaleUserError extends Error {
  constructor(readonly userId: string) {
    super(`user ${userId} kept changing; try again`);
    this.name = 'StaleUserError';
  }
}

/**
 * Sign-ins for emails without an account: counted, never recorded as events. There is no
 * aggregate to carry such an event, and storing one per guess would let anyone make us write.
 */
const unknownUserSignIns = meter('@idaas/user-store').createCounter('idaas.user.signin.unknown', {
  description: 'Password sign-ins for an email with no account in the tenant',
});

/** The UserDirectory of libs/identity on the region's identity database. */
export class MongoUserDirectory implements UserDirectory {
  private readonly collection: Collection<UserDocument>;
  private readonly hasher: PasswordHasher;
  private readonly events: EventSource;

  constructor(
    private readonly db: Db,
    options: MongoUserDirectoryOptions,
  ) {
    this.collection = db.collection<UserDocument>(USERS);
    this.hasher = options.hasher ?? argon2PasswordHasher;
    this.events = { region: options.region, source: options.source };
  }

  /** The only way to the collection: every query of this class carries the tenant. */
  private users(tenantId: string): TenantScopedCollection<UserDocument> {
    return forTenant(this.collection, tenantId);
  }

  async create(tenantId: string, user: NewUser, now = new Date()): Promise<User> {
    const userId = randomUUID();
    const passwordHash = user.password === undefined ? undefined : await this.hasher.hash(user.password);
    const event = UserRegisteredV1.create(
      userId,
      { userId, status: user.state, via: user.via ?? 'admin' },
      origin(this.events, tenantId, now),
    );
    const doc: Omit<UserDocument, 'tenantId'> = {
      _id: userId,
      email: user.email.trim(),
      emailNormalized: normalizeEmail(user.email),
      emailVerified: user.emailVerified,
      profile: user.profile ?? {},
      state: user.state,
      ...(passwordHash === undefined ? {} : { passwordHash, passwordChangedAt: now }),
      failedAttempts: 0,
      createdAt: now,
      updatedAt: now,
      version: 1,
      outbox: userRecords([event]),
    };
    try {
      await this.users(tenantId).insertOne(doc);
    } catch (e) {
      if (isDuplicateKey(e)) throw new DuplicateEmailError(tenantId);
      throw e;
    }
    return toUser({ ...doc, tenantId });
  }

  async findById(tenantId: string, userId: string): Promise<User | undefined> {
    const doc = await this.users(tenantId).findOne({ _id: userId });
    return doc ? toUser(doc) : undefined;
  }

  async findByEmail(tenantId: string, email: string): Promise<User | undefined> {
    const doc = await this.users(tenantId).findOne({ emailNormalized: normalizeEmail(email) });
    return doc ? toUser(doc) : undefined;
  }

  /** A page of the tenant's users and how many match in all. Tombstones are the caller's to exclude. */
  async search(tenantId: string, page: UserPage): Promise<{ total: number; users: User[] }> {
    const users = this.users(tenantId);
    const [total, docs] = await Promise.all([
      users.count(page.filter),
      users.find(page.filter, {
        sort: page.sort,
        skip: page.skip,
        limit: page.limit,
        projection: { outbox: 0 },
      }),
    ]);
    return { total, users: docs.map(toUser) };
  }

  /**
   * Replaces the email and profile, with one event naming what changed. `expectedVersion` makes it
   * conditional (SCIM If-Match): another version throws StaleUserError. A new email is unverified.
   * Throws UserNotFoundError (tombstones included) and DuplicateEmailError.
   */
  async updateProfile(
    tenantId: string,
    userId: string,
    change: ProfileChange,
    options: { expectedVersion?: number; now?: Date } = {},
  ): Promise<User> {
    const users = this.users(tenantId);
    const now = options.now ?? new Date();
    const doc = await users.findOne({ _id: userId, state: { $ne: 'deleted' } });
    if (!doc) throw new UserNotFoundError(userId);
    if (options.expectedVersion !== undefined && options.expectedVersion !== doc.version)
      throw new StaleUserError(userId);
    const emailNormalized = normalizeEmail(change.email);
    const changed = [
      ...(emailNormalized !== doc.emailNormalized || change.email.trim() !== doc.email
        ? ['email' as const]
        : []),
      ...(JSON.stringify(change.profile) !== JSON.stringify(doc.profile) ? ['profile' as const] : []),
    ];
    if (changed.length === 0) return toUser(doc);
    const event = UserProfileChangedV1.create(
      userId,
      { userId, changed },
      origin(this.events, tenantId, now),
    );
    let updated: UserDocument | null;
    try {
      updated = await users.findOneAndUpdate(
        { _id: userId, version: doc.version },
        {
          $set: {
            email: change.email.trim(),
            emailNormalized,
            profile: change.profile,
            updatedAt: now,
            ...(emailNormalized === doc.emailNormalized ? {} : { emailVerified: false }),
          },
          $inc: { version: 1 },
          ...pushToOutbox(userRecords([event])),
        },
      );
    } catch (e) {
      if (isDuplicateKey(e)) throw new DuplicateEmailError(tenantId);
      throw e;
    }
    if (!updated) throw new StaleUserError(userId);
    return toUser(updated);
  }

  async verifyPassword(
    tenantId: string,
    email: string,
    password: string,
    lockout: LockoutPolicy,
    now = new Date(),
  ): Promise<PasswordSignIn> {
    const users = this.users(tenantId);
    const signIn = new PasswordSignInFlow(users, this.hasher, this.events, lockout, now);
    const emailNormalized = normalizeEmail(email);
    const atOnce = await signIn.reserveByEmail(emailNormalized, password);
    if (atOnce) return atOnce;
    const doc = await users.findOne({ emailNormalized });
    if (!doc) {
      // The same full argon2 check a real user costs, so response time does not reveal accounts.
      await this.hasher.verify(undefined, password);
      unknownUserSignIns.add(1, { tenant: tenantId, region: this.events.region });
      return { outcome: 'refused', reason: 'unknown_user' };
    }
    return signIn.run(doc, password);
  }

  async setPassword(tenantId: string, userId: string, password: string, now = new Date()): Promise<User> {
    const passwordHash = await this.hasher.hash(password);
    const doc = await this.users(tenantId).findOneAndUpdate(
      { _id: userId, state: { $ne: 'deleted' } },
      { $set: { passwordHash, passwordChangedAt: now, updatedAt: now }, $inc: { version: 1 } },
    );
    if (!doc) throw new UserNotFoundError(userId);
    return toUser(doc);
  }

  /**
   * A password the user chose (recovery or change), with `idaas.user.credentials_revoked.v1` in the
   * same write so the old sessions and refresh tokens end. A recovery also completes a forced reset
   * or lifts a lock (`completePasswordReset`, with that transition's own event): whoever proved
   * control of the mailbox may sign in again. Throws UserNotFoundError for tombstones.
   */
  async changePassword(
    tenantId: string,
    userId: string,
    password: string,
    change: { reason: 'password_recovered' | 'password_changed'; keepSessionId?: string },
    now = new Date(),
  ): Promise<User> {
    const passwordHash = await this.hasher.hash(password);
    const users = this.users(tenantId);
    for (let attempt = 0; attempt < TRANSITION_ATTEMPTS; attempt++) {
      const doc = await users.findOne({ _id: userId, state: { $ne: 'deleted' } });
      if (!doc) throw new UserNotFoundError(userId);
      const completes =
        change.reason === 'password_recovered' &&
        (USER_TRANSITIONS.completePasswordReset.from as readonly UserState[]).includes(doc.state);
      const revoked = UserCredentialsRevokedV1.create(
        userId,
        {
          userId,
          reason: change.reason,
          ...(change.keepSessionId ? { keepSessionId: change.keepSessionId } : {}),
        },
        origin(this.events, tenantId, now),
      );
      const stateChange = completes ? transitionChanges(doc, 'active', now) : {};
      const events = completes
        ? [this.transitionEvent(doc, 'completePasswordReset', 'active', now), revoked]
        : [revoked];
      const changed = await users.findOneAndUpdate(
        { _id: userId, version: doc.version },
        {
          ...stateChange,
          $set: { ...stateChange.$set, passwordHash, passwordChangedAt: now, updatedAt: now },
          $inc: { version: 1 },
          ...pushToOutbox(userRecords(events)),
        },
      );
      if (changed) return toUser(changed);
    }
    throw new StaleUserError(userId);
  }

  async completeForcedReset(
    tenantId: string,
    userId: string,
    password: string,
    now = new Date(),
  ): Promise<User> {
    const users = this.users(tenantId);
    const current = await users.findOne({ _id: userId });
    if (!current) throw new UserNotFoundError(userId);
    if (current.state !== 'password_reset_required')
      throw new IllegalTransitionError('completePasswordReset', current.state);
    // The reset exists because the current password is not to be trusted any more.
    if (await this.hasher.verify(current.passwordHash, password)) throw new PasswordReuseError();
    const passwordHash = await this.hasher.hash(password);
    for (let attempt = 0; attempt < TRANSITION_ATTEMPTS; attempt++) {
      const doc = attempt === 0 ? current : await users.findOne({ _id: userId });
      if (!doc) throw new UserNotFoundError(userId);
      if (doc.state !== 'password_reset_required')
        throw new IllegalTransitionError('completePasswordReset', doc.state);
      const stateChange = transitionChanges(doc, 'active', now);
      const changed = await users.findOneAndUpdate(
        { _id: userId, version: doc.version },
        {
          ...stateChange,
          $set: { ...stateChange.$set, passwordHash, passwordChangedAt: now },
          $inc: { version: 1 },
          ...pushToOutbox(userRecords([this.transitionEvent(doc, 'completePasswordReset', 'active', now)])),
        },
      );
      if (changed) return toUser(changed);
    }
    throw new StaleUserError(userId);
  }

  async transition(
    tenantId: string,
    userId: string,
    transition: UserTransition,
    now = new Date(),
  ): Promise<User> {
    const users = this.users(tenantId);
    for (let attempt = 0; attempt < TRANSITION_ATTEMPTS; attempt++) {
      const doc = await users.findOne({ _id: userId });
      if (!doc) throw new UserNotFoundError(userId);
      const to = nextState(doc.state, transition);
      // Erasure: what the identity database keeps beside the user goes first (see the function).
      if (to === 'deleted') await eraseUserSatellites(this.db, tenantId, userId);
      const event = this.transitionEvent(doc, transition, to, now);
      const changes = transitionChanges(doc, to, now);
      if (provesEmail(transition)) changes.$set = { ...changes.$set, emailVerified: true };
      const changed = await users.findOneAndUpdate(
        { _id: userId, version: doc.version },
        {
          ...changes,
          $inc: { version: 1 },
          ...pushToOutbox(userRecords([event])),
        },
      );
      if (changed) return toUser(changed);
    }
    throw new StaleUserError(userId);
  }

  /** Lock and unlock have their own events; every other row of the table the generic one. */
  private transitionEvent(
    doc: UserDocument,
    transition: UserTransition,
    to: UserState,
    now: Date,
  ): CloudEvent {
    const from = origin(this.events, doc.tenantId, now);
    const userId = doc._id;
    if (transition === 'lock') {
      // No `lockedUntil`: a lock by an admin lasts until an admin lifts it.
      return UserLockedV1.create(
        userId,
        { userId, from: doc.state as 'active' | 'password_reset_required' },
        from,
      );
    }
    if (transition === 'unlock') return UserUnlockedV1.create(userId, { userId, via: 'admin' }, from);
    return UserStateChangedV1.create(userId, { userId, transition, from: doc.state, to }, from);
  }
}

/** What a transition writes besides the state. */
function transitionChanges(doc: UserDocument, to: UserState, now: Date): UpdateFilter<UserDocument> {
  if (to === 'deleted') {
    // The tombstone keeps ids and dates only: personal data is erased, and the email is free again.
    return {
      $set: { state: to, updatedAt: now, email: '', emailNormalized: `deleted:${doc._id}`, profile: {} },
      $unset: { passwordHash: '', passwordChangedAt: '', lockedUntil: '' },
    };
  }
  if (to === 'locked') return { $set: { state: to, updatedAt: now }, $unset: { lockedUntil: '' } };
  // Leaving a lock (unlock, password reset) starts the count of wrong passwords afresh.
  if (doc.state === 'locked') {
    return { $set: { state: to, failedAttempts: 0, updatedAt: now }, $unset: { lockedUntil: '' } };
  }
  return { $set: { state: to, updatedAt: now } };
}
