import { MongoClient, type Db } from 'mongodb';
import { SessionStore } from '@idaas/authentication-service/src/store/session-store';
import { uniqueRegion } from './support/names';

const T0 = new Date('2030-01-01T00:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const policy = { idleSeconds: 3600, absoluteSeconds: 4 * 3600 };

/**
 * A second factor set up on the account pages (confirmed with a code from the new authenticator
 * app) is recorded on the SSO session in place, against the real MongoDB-wire server: the same
 * session, no younger and no longer-lived than its sign-in made it, and no MFA in its `amr`.
 */
describe('SSO session records a second factor set up in it', () => {
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let db: Db;
  let sessions: SessionStore;

  beforeAll(async () => {
    await mongo.connect();
    db = mongo.db(`idaas_${uniqueRegion('amr')}_authentication`);
    sessions = new SessionStore(db);
  });

  afterAll(async () => {
    await db.dropDatabase();
    await mongo.close();
  });

  it('marks the set-up, keeping the session id, its amr, the sign-in time and both lifetimes', async () => {
    const { cookie, session } = await sessions.start('t1', 'user-1', ['pwd'], policy, T0);
    await sessions.recordSecondFactorSetUp('t1', cookie);
    await sessions.recordSecondFactorSetUp('t1', cookie);
    const found = await sessions.find('t1', cookie, at(5));
    expect(found).toEqual({ ...session, secondFactorSetUp: true, lastSeenAt: at(5) });
  });

  it('changes nothing for another tenant’s session behind the same cookie', async () => {
    const { cookie } = await sessions.start('t1', 'user-2', ['pwd'], policy, T0);
    await sessions.recordSecondFactorSetUp('t2', cookie);
    expect((await sessions.find('t1', cookie, at(1)))!.secondFactorSetUp).toBeUndefined();
  });
});
