import { MongoClient, type Db } from 'mongodb';
import { totpAt } from '@idaas/crypto';
import { sweepTasks } from '@idaas/authentication-service/src/housekeeping';
import { identityDatabaseName, MFA_ENROLMENTS, type MongoMfaEnrolments } from '@idaas/user-store';
import { uniqueRegion } from './support/names';
import { stackMfaEnrolments } from './support/totp-enrolment';

const T0 = new Date('2030-01-01T00:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const lockout = { maxAttempts: 5, durationSeconds: 900 };

/**
 * An authenticator app key shown for set-up and never confirmed expires ten minutes after it was
 * first shown: the store of second factors against the real MongoDB-wire server, with an injected
 * clock (the stack's services have none to set). The pages over it are in the account-totp-setup
 * suite.
 */
describe('pending authenticator app keys expire', () => {
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  const region = uniqueRegion('pending');
  let db: Db;
  let enrolments: MongoMfaEnrolments;
  let seq = 0;
  const newUser = () => `user-${++seq}`;

  const pendingOf = async (userId: string) =>
    (await db.collection<{ _id: string; pendingTotp?: unknown }>(MFA_ENROLMENTS).findOne({ _id: userId }))
      ?.pendingTotp;
  const methodsOf = async (tenantId: string, userId: string) =>
    (await enrolments.mfaOf(tenantId, userId)).enrolments.map((e) => e.method);

  beforeAll(async () => {
    await mongo.connect();
    db = mongo.db(identityDatabaseName(region));
    enrolments = stackMfaEnrolments(db, region);
  });

  afterAll(async () => {
    await db.dropDatabase();
    await mongo.close();
  });

  it('shows the same key for ten minutes, then a new one, which has ten minutes of its own', async () => {
    const user = newUser();
    const first = await enrolments.beginTotp('t1', user, T0);
    expect(await enrolments.beginTotp('t1', user, at(9.9))).toBe(first);
    const second = await enrolments.beginTotp('t1', user, at(10));
    expect(second).not.toBe(first);
    expect(await enrolments.beginTotp('t1', user, at(19.9))).toBe(second);
    // Confirmed within its lifetime, the new key is enrolled.
    const confirmed = await enrolments.confirmTotp('t1', user, totpAt(second, at(19.9)), lockout, at(19.9));
    expect(confirmed.outcome).toBe('verified');
    expect(await methodsOf('t1', user)).toEqual(['totp', 'recovery_code']);
  });

  it('refuses a code of an expired key as expired, counts no attempt, enrols nothing; the new key confirms', async () => {
    const user = newUser();
    const old = await enrolments.beginTotp('t1', user, T0);
    // More tries than the lockout allows: none was a guess at a live key, so none counts.
    for (let i = 0; i <= lockout.maxAttempts; i++)
      expect(await enrolments.confirmTotp('t1', user, totpAt(old, at(11)), lockout, at(11))).toEqual({
        outcome: 'expired',
      });
    expect(await methodsOf('t1', user)).toEqual([]);

    const renewed = await enrolments.beginTotp('t1', user, at(11));
    expect(renewed).not.toBe(old);
    // The old key's code is now just a wrong code for the new key.
    expect(await enrolments.confirmTotp('t1', user, totpAt(old, at(11)), lockout, at(11))).toEqual({
      outcome: 'wrong',
    });
    const confirmed = await enrolments.confirmTotp('t1', user, totpAt(renewed, at(11)), lockout, at(11));
    expect(confirmed.outcome).toBe('verified');
    expect(await methodsOf('t1', user)).toEqual(['totp', 'recovery_code']);
  });

  it('the sweep forgets expired keys of every tenant, and keeps live ones and enrolled apps', async () => {
    const [expiredHere, expiredThere, live, enrolled] = [newUser(), newUser(), newUser(), newUser()];
    await enrolments.beginTotp('t1', expiredHere, T0);
    await enrolments.beginTotp('t2', expiredThere, at(1));
    const liveKey = await enrolments.beginTotp('t1', live, at(5));
    const app = await enrolments.beginTotp('t1', enrolled, T0);
    expect((await enrolments.confirmTotp('t1', enrolled, totpAt(app, T0), lockout, T0)).outcome).toBe(
      'verified',
    );

    const [task] = sweepTasks({ 'pending authenticator app keys': enrolments }, () => at(12));
    expect(await task!.run()).toBe(2);
    expect(await pendingOf(expiredHere)).toBeUndefined();
    expect(await pendingOf(expiredThere)).toBeUndefined();
    expect(await pendingOf(live)).toBeDefined();
    expect(await enrolments.beginTotp('t1', live, at(12))).toBe(liveKey);
    expect(await methodsOf('t1', enrolled)).toEqual(['totp', 'recovery_code']);
    // Nothing left to sweep: a second run changes nothing.
    expect(await task!.run()).toBe(0);
  });
});
