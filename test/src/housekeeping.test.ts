import { MongoClient, type Db } from 'mongodb';
import { startFlow, type LoginFlowState } from '@idaas/identity';
import { sweepTasks } from '@idaas/authentication-service/src/housekeeping';
import { MongoAuthorizationCodes } from '@idaas/authentication-service/src/store/authorization-code-store';
import { FlowStore, FLOWS } from '@idaas/authentication-service/src/store/flow-store';
import { REVOKED_TOKENS, RevokedTokens } from '@idaas/authentication-service/src/store/revoked-tokens';
import { SessionStore } from '@idaas/authentication-service/src/store/session-store';
import { USED_ASSERTIONS, UsedAssertions } from '@idaas/authentication-service/src/store/used-assertions';
import type { AuthorizationGrant } from '@idaas/authentication-service/src/domain/authorization-grant';
import { uniqueRegion } from './support/names';

const T0 = new Date('2030-01-01T00:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const TENANT = 'tenant-1';

/**
 * The authentication service's sweep, store by store, against the real MongoDB-wire server with
 * an injected clock: what has expired is deleted, what is still good is kept and keeps working.
 */
describe('housekeeping sweep of expired records', () => {
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let db: Db;
  let now = T0;
  let flows: FlowStore;
  let sessions: SessionStore;
  let codes: MongoAuthorizationCodes;
  let assertions: UsedAssertions;
  let revocations: RevokedTokens;

  const sweep = async () => {
    const tasks = sweepTasks(
      {
        'login flows': flows,
        'SSO sessions': sessions,
        'authorization codes': codes,
        'used client assertions': assertions,
        'revoked-token records': revocations,
      },
      () => now,
    );
    for (const task of tasks) await task.run();
  };

  const ids = async (collection: string) =>
    (await db.collection<{ _id: string }>(collection).find({}).toArray()).map((d) => d._id).sort();

  const grant = (): AuthorizationGrant => ({
    tenantId: TENANT,
    clientId: 'client-1',
    userId: 'user-1',
    sessionId: 'session-1',
    redirectUri: 'https://app.example/cb',
    scope: ['openid'],
    authTime: T0,
    amr: ['pwd'],
  });

  const newFlow = async (lifetimeSeconds: number) => {
    const { flow } = startFlow({
      tenantId: TENANT,
      type: 'login',
      state: 'awaiting_credentials' as LoginFlowState,
      request: {
        clientId: 'client-1',
        redirectUri: 'https://app.example/cb',
        responseMode: 'query' as const,
        scope: ['openid'],
        uiLocales: [],
      },
      lifetimeSeconds,
      now: T0,
    });
    await flows.create(flow);
    return flow.id;
  };

  beforeAll(async () => {
    await mongo.connect();
    db = mongo.db(`idaas_${uniqueRegion('sweep')}_authentication`);
    flows = new FlowStore(db);
    sessions = new SessionStore(db);
    codes = new MongoAuthorizationCodes(db);
    assertions = new UsedAssertions(db);
    revocations = new RevokedTokens(db, 'eu', () => undefined);
  });

  beforeEach(() => {
    now = T0;
  });

  afterAll(async () => {
    await db.dropDatabase();
    await mongo.close();
  });

  it('names one task per store, so a failing store does not stop the others', () => {
    expect(
      sweepTasks({ 'login flows': flows, 'SSO sessions': sessions }, () => now).map((t) => t.name),
    ).toEqual(['sweep expired login flows', 'sweep expired SSO sessions']);
  });

  it('deletes login flows past their expiry and keeps running ones', async () => {
    const short = await newFlow(60);
    const long = await newFlow(3600);
    now = at(30);
    await sweep();
    expect(await ids(FLOWS)).toEqual([long]);
    expect(await flows.find(TENANT, long)).toBeDefined();
    expect(await flows.find(TENANT, short)).toBeUndefined();
  });

  it('deletes sessions past their idle or absolute lifetime; a use keeps a session alive', async () => {
    const policy = { idleSeconds: 3600, absoluteSeconds: 4 * 3600 };
    const idle = await sessions.start(TENANT, 'user-idle', ['pwd'], policy, T0);
    const used = await sessions.start(TENANT, 'user-used', ['pwd'], policy, T0);
    const old = await sessions.start(
      TENANT,
      'user-old',
      ['pwd'],
      { ...policy, absoluteSeconds: 300 },
      at(-10),
    );
    expect(await sessions.find(TENANT, used.cookie, at(50))).toBeDefined();
    now = at(70);
    await sweep();
    expect(await sessions.find(TENANT, used.cookie, now)).toMatchObject({ userId: 'user-used' });
    const left = await db.collection<{ userId: string }>('sessions').find({ tenantId: TENANT }).toArray();
    expect(left.map((s) => s.userId)).toEqual(['user-used']);
    void idle;
    void old;
    // Used until its absolute end, it goes then.
    now = at(4 * 60);
    await sweep();
    expect(await db.collection('sessions').countDocuments({ tenantId: TENANT })).toBe(0);
  });

  it('deletes unused codes at expiry, and used ones only after the replay window', async () => {
    const unused = await codes.issue(grant(), T0);
    const used = await codes.issue(grant(), T0);
    expect((await codes.redeem(TENANT, used, T0)).outcome).toBe('redeemed');
    now = at(10);
    await sweep();
    expect((await codes.redeem(TENANT, unused, now)).outcome).toBe('unknown');
    // A replay soon after still finds the used code, so it can revoke what the code issued.
    expect((await codes.redeem(TENANT, used, now)).outcome).toBe('replayed');
    now = at(25 * 60);
    await sweep();
    expect((await codes.redeem(TENANT, used, now)).outcome).toBe('unknown');
  });

  it('deletes used client assertions and revocation records once the tokens they guard have expired', async () => {
    expect(await assertions.firstUse('client-1', 'jti-short', at(5), T0)).toBe(true);
    expect(await assertions.firstUse('client-1', 'jti-long', at(120), T0)).toBe(true);
    await revocations.revoke(
      { tokenId: 'at-short', kind: 'access_token', tenantId: TENANT, clientId: 'client-1', expiresAt: at(5) },
      T0,
    );
    await revocations.revoke(
      {
        tokenId: 'at-long',
        kind: 'access_token',
        tenantId: TENANT,
        clientId: 'client-1',
        expiresAt: at(120),
      },
      T0,
    );
    now = at(10);
    await sweep();
    // Not yet announced to the other regions: the record stays until its event is out.
    expect(await db.collection(REVOKED_TOKENS).countDocuments()).toBe(2);
    await db.collection(REVOKED_TOKENS).updateMany({}, { $set: { outbox: [] } });
    await sweep();
    expect(await db.collection(USED_ASSERTIONS).countDocuments()).toBe(1);
    expect(await assertions.firstUse('client-1', 'jti-long', at(120), now)).toBe(false);
    expect(await db.collection(REVOKED_TOKENS).countDocuments()).toBe(1);
    expect(await revocations.isRevoked('access_token', 'at-long', now)).toBe(true);
  });
});
