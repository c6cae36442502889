import { MongoClient, type Db } from 'mongodb';
import { argon2PasswordHasher } from '@idaas/crypto';
import { DuplicateEmailError, IllegalTransitionError, UserNotFoundError, type User } from '@idaas/identity';
import { ensureIndexes } from '@idaas/store';
import {
  identityDatabaseName,
  KNOWN_DEVICES,
  MFA_ENROLMENTS,
  MongoUserDirectory,
  SIGN_IN_COUNTRIES,
  SIGNIN_TICKETS,
  USERS,
  WEBAUTHN_CREDENTIALS,
  userStoreIndexes,
  type UserDocument,
} from '@idaas/user-store';
import { uniqueRegion } from './support/names';

const lockout = { maxAttempts: 5, durationSeconds: 900 };
const PASSWORD = 'correct horse battery staple';
const minutesAfter = (t: Date, n: number) => new Date(t.getTime() + n * 60_000);

describe('the region user directory on the MongoDB-wire server', () => {
  const region = uniqueRegion('ud');
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let db: Db;
  let directory: MongoUserDirectory;
  // Counts real argon2 verifications, so the lockout is measured by work done, not by timing.
  let verifications = 0;
  const tenantA = `ta-${region}`;
  const tenantB = `tb-${region}`;

  beforeAll(async () => {
    await mongo.connect();
    db = mongo.db(identityDatabaseName(region));
    await ensureIndexes(db, userStoreIndexes);
    directory = new MongoUserDirectory(db, {
      region,
      source: `/idaas/${region}/test`,
      hasher: {
        hash: argon2PasswordHasher.hash,
        verify: (hash, password) => {
          verifications++;
          return argon2PasswordHasher.verify(hash, password);
        },
      },
    });
  });

  afterAll(async () => {
    await db?.dropDatabase();
    await mongo.close();
  });

  const activeUser = (tenantId: string, email: string, password = PASSWORD): Promise<User> =>
    directory.create(tenantId, {
      email,
      password,
      state: 'active',
      emailVerified: true,
      profile: { name: 'Ada' },
    });

  /** The event types waiting in a user's outbox (no relay runs here, so all are still there). */
  async function outboxTypes(userId: string): Promise<string[]> {
    const doc = await db.collection<UserDocument>(USERS).findOne({ _id: userId });
    return (doc?.outbox ?? []).map((r) => r.event.type);
  }

  it('creates a user with a registered event, and refuses the same email in another case', async () => {
    const user = await activeUser(tenantA, 'Grace.Hopper@Example.com');
    expect(user).toMatchObject({
      email: 'Grace.Hopper@Example.com',
      emailNormalized: 'grace.hopper@example.com',
      state: 'active',
      failedAttempts: 0,
      version: 1,
    });
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await outboxTypes(user.userId)).toEqual(['idaas.user.registered.v1']);
    await expect(activeUser(tenantA, '  grace.hopper@EXAMPLE.com ')).rejects.toBeInstanceOf(
      DuplicateEmailError,
    );
    expect((await directory.findByEmail(tenantA, 'GRACE.hopper@example.com'))?.userId).toBe(user.userId);
  });

  it('signs in with the right password and resets the counter of failed attempts', async () => {
    const user = await activeUser(tenantA, 'linus@example.com');
    const t0 = new Date();
    await expect(
      directory.verifyPassword(tenantA, 'linus@example.com', 'wrong', lockout, t0),
    ).resolves.toEqual({
      outcome: 'refused',
      reason: 'wrong_password',
    });
    expect((await directory.findById(tenantA, user.userId))?.failedAttempts).toBe(1);

    const result = await directory.verifyPassword(tenantA, 'Linus@Example.com', PASSWORD, lockout, t0);
    expect(result).toMatchObject({ outcome: 'signed_in', user: { userId: user.userId, failedAttempts: 0 } });
    expect((await directory.findById(tenantA, user.userId))?.lastSignInAt).toEqual(t0);
    expect(await outboxTypes(user.userId)).toEqual([
      'idaas.user.registered.v1',
      'idaas.user.signin.failed.v1',
      'idaas.user.signin.succeeded.v1',
    ]);
  });

  it('checks at most maxAttempts of 50 concurrent wrong passwords, locks once, and unlocks after the lock', async () => {
    const user = await activeUser(tenantA, 'mallory-target@example.com');
    const t0 = new Date();
    verifications = 0;

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        directory.verifyPassword(tenantA, 'mallory-target@example.com', `guess-${i}`, lockout, t0),
      ),
    );

    expect(verifications).toBe(5);
    expect(results.every((r) => r.outcome === 'refused')).toBe(true);
    const reasons = results.map((r) => (r.outcome === 'refused' ? r.reason : r.outcome));
    expect(reasons.filter((r) => r === 'wrong_password')).toHaveLength(5);
    expect(reasons.filter((r) => r === 'locked')).toHaveLength(45);
    const locked = await directory.findById(tenantA, user.userId);
    expect(locked).toMatchObject({ state: 'locked', lockedUntil: minutesAfter(t0, 15) });
    expect((await outboxTypes(user.userId)).filter((t) => t === 'idaas.user.locked.v1')).toHaveLength(1);

    // The right password changes nothing while the lock lasts, and costs no verification.
    await expect(
      directory.verifyPassword(
        tenantA,
        'mallory-target@example.com',
        PASSWORD,
        lockout,
        minutesAfter(t0, 14),
      ),
    ).resolves.toEqual({ outcome: 'refused', reason: 'locked' });
    expect(verifications).toBe(5);

    const later = await directory.verifyPassword(
      tenantA,
      'mallory-target@example.com',
      PASSWORD,
      lockout,
      minutesAfter(t0, 16),
    );
    expect(later).toMatchObject({ outcome: 'signed_in', user: { state: 'active', failedAttempts: 0 } });
    expect(later.outcome === 'signed_in' && later.user.lockedUntil).toBeFalsy();
    const types = await outboxTypes(user.userId);
    expect(types.filter((t) => t === 'idaas.user.unlocked.v1')).toHaveLength(1);
    expect(types.slice(-2)).toEqual(['idaas.user.unlocked.v1', 'idaas.user.signin.succeeded.v1']);
  });

  it('counts a reservation left by a crashed check as a wrong password, until a lock would have ended', async () => {
    const user = await activeUser(tenantA, 'crash@example.com');
    const t0 = new Date();
    // Four wrong passwords, then a process reserves the fifth attempt and dies before checking it.
    for (let i = 0; i < 4; i++)
      await directory.verifyPassword(tenantA, 'crash@example.com', `no-${i}`, lockout, t0);
    await db
      .collection<UserDocument>(USERS)
      .updateOne(
        { _id: user.userId },
        { $inc: { failedAttempts: 1, version: 1 }, $set: { lastAttemptAt: t0 } },
      );

    await expect(
      directory.verifyPassword(tenantA, 'crash@example.com', PASSWORD, lockout, minutesAfter(t0, 10)),
    ).resolves.toEqual({ outcome: 'refused', reason: 'locked' });
    await expect(
      directory.verifyPassword(tenantA, 'crash@example.com', PASSWORD, lockout, minutesAfter(t0, 15)),
    ).resolves.toMatchObject({ outcome: 'signed_in', user: { state: 'active', failedAttempts: 0 } });
  });

  it('refuses an unknown user like a wrong password, after a full (dummy) verification', async () => {
    await activeUser(tenantA, 'known@example.com');
    verifications = 0;
    const unknown = await directory.verifyPassword(tenantA, 'nobody@example.com', PASSWORD, lockout);
    const wrong = await directory.verifyPassword(tenantA, 'known@example.com', 'not it', lockout);
    expect(verifications).toBe(2);
    expect(unknown).toEqual({ outcome: 'refused', reason: 'unknown_user' });
    expect(Object.keys(unknown).sort()).toEqual(Object.keys(wrong).sort());
    expect(wrong).toEqual({ outcome: 'refused', reason: 'wrong_password' });
  });

  it('keeps tenants apart: the same email is two users, and one tenant cannot reach the other', async () => {
    const a = await activeUser(tenantA, 'shared@example.com', 'password of tenant A');
    const b = await activeUser(tenantB, 'Shared@Example.com', 'password of tenant B');
    expect(b.userId).not.toBe(a.userId);

    await expect(directory.findById(tenantB, a.userId)).resolves.toBeUndefined();
    expect((await directory.findByEmail(tenantB, 'shared@example.com'))?.userId).toBe(b.userId);
    await expect(
      directory.verifyPassword(tenantB, 'shared@example.com', 'password of tenant A', lockout),
    ).resolves.toEqual({ outcome: 'refused', reason: 'wrong_password' });
    await expect(directory.transition(tenantB, a.userId, 'disable')).rejects.toBeInstanceOf(
      UserNotFoundError,
    );
    await expect(directory.setPassword(tenantB, a.userId, 'taken over')).rejects.toBeInstanceOf(
      UserNotFoundError,
    );
    await expect(
      directory.verifyPassword(tenantA, 'shared@example.com', 'password of tenant A', lockout),
    ).resolves.toMatchObject({ outcome: 'signed_in', user: { userId: a.userId } });
  });

  it("erases what the identity database keeps beside a deleted user, and nobody else's", async () => {
    const gone = await activeUser(tenantA, 'erased@example.com');
    const stays = await activeUser(tenantA, 'stays@example.com');
    const satellites = (userId: string) =>
      [
        [MFA_ENROLMENTS, { _id: userId, tenantId: tenantA, totp: { sealed: 'x' }, recoveryCodes: ['h'] }],
        [SIGN_IN_COUNTRIES, { _id: userId, tenantId: tenantA, country: 'DE' }],
        [
          WEBAUTHN_CREDENTIALS,
          { _id: `${tenantA}/cred-${userId}`, tenantId: tenantA, userId, label: 'Phone' },
        ],
        [KNOWN_DEVICES, { _id: `${userId}/d1`, tenantId: tenantA, userId, label: 'Firefox on Linux' }],
        [SIGNIN_TICKETS, { _id: `ticket-${userId}`, tenantId: tenantA, userId }],
      ] as const;
    for (const userId of [gone.userId, stays.userId]) {
      for (const [name, doc] of satellites(userId)) await db.collection<{ _id: string }>(name).insertOne(doc);
    }
    const held = async (userId: string) =>
      Promise.all(
        satellites(userId).map(([name, doc]) =>
          db.collection<{ _id: string }>(name).countDocuments({ _id: doc._id }),
        ),
      );

    await directory.transition(tenantA, gone.userId, 'delete');

    expect(await held(gone.userId)).toEqual([0, 0, 0, 0, 0]);
    expect(await held(stays.userId)).toEqual([1, 1, 1, 1, 1]);
  });

  it('marks the email verified when the user verifies it or accepts an invitation, and not before', async () => {
    const signedUp = await directory.create(tenantA, {
      email: 'verifies@example.com',
      password: PASSWORD,
      state: 'pending_verification',
      emailVerified: false,
    });
    const invited = await directory.create(tenantA, {
      email: 'invited@example.com',
      profile: {},
      state: 'pending_invite',
      emailVerified: false,
    });
    expect(signedUp.emailVerified).toBe(false);
    await expect(directory.transition(tenantA, signedUp.userId, 'verifyEmail')).resolves.toMatchObject({
      state: 'active',
      emailVerified: true,
    });
    await expect(directory.transition(tenantA, invited.userId, 'acceptInvite')).resolves.toMatchObject({
      state: 'active',
      emailVerified: true,
    });
  });

  it('applies the lifecycle table with one event per transition, and refuses illegal ones', async () => {
    const user = await activeUser(tenantA, 'lifecycle@example.com');
    await expect(directory.transition(tenantA, user.userId, 'enable')).rejects.toBeInstanceOf(
      IllegalTransitionError,
    );

    await directory.transition(tenantA, user.userId, 'requirePasswordReset');
    await expect(
      directory.verifyPassword(tenantA, 'lifecycle@example.com', PASSWORD, lockout),
    ).resolves.toMatchObject({ outcome: 'reset_required', user: { state: 'password_reset_required' } });
    await directory.setPassword(tenantA, user.userId, 'a brand new passphrase');
    await directory.transition(tenantA, user.userId, 'completePasswordReset');
    await expect(
      directory.verifyPassword(tenantA, 'lifecycle@example.com', 'a brand new passphrase', lockout),
    ).resolves.toMatchObject({ outcome: 'signed_in' });

    await directory.transition(tenantA, user.userId, 'disable');
    await expect(
      directory.verifyPassword(tenantA, 'lifecycle@example.com', 'a brand new passphrase', lockout),
    ).resolves.toEqual({ outcome: 'refused', reason: 'not_active' });

    const deleted = await directory.transition(tenantA, user.userId, 'delete');
    expect(deleted).toMatchObject({ state: 'deleted', email: '', profile: {} });
    expect(deleted.passwordHash).toBeUndefined();
    // The tombstone frees the address for a new account.
    await expect(activeUser(tenantA, 'lifecycle@example.com')).resolves.toMatchObject({ state: 'active' });

    const doc = await db.collection<UserDocument>(USERS).findOne({ _id: user.userId });
    expect((doc?.outbox ?? []).map((r) => r.event.type)).toEqual([
      'idaas.user.registered.v1',
      'idaas.user.state_changed.v1',
      'idaas.user.signin.succeeded.v1',
      'idaas.user.state_changed.v1',
      'idaas.user.signin.succeeded.v1',
      'idaas.user.state_changed.v1',
      'idaas.user.signin.failed.v1',
      'idaas.user.state_changed.v1',
    ]);
    expect(doc?.outbox?.every((r) => r.topic === `idaas.${region}.user.v1`)).toBe(true);
    // Events carry ids and states only: no email, name, password or hash.
    const events = JSON.stringify(doc?.outbox);
    for (const secret of ['lifecycle@example.com', 'Ada', PASSWORD, 'a brand new passphrase', '$argon2id']) {
      expect(events).not.toContain(secret);
    }
  });
});
