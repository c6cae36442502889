import { MongoClient, type Db } from 'mongodb';
import type { CloudEvent } from '@idaas/events';
import { identityDatabaseName, MongoUserDirectory, MongoWebAuthnCredentials } from '@idaas/user-store';
import { relyingParty, signIn, type RelyingParty } from './support/code-flow';
import { fetchPage, postForm, readForm } from './support/hosted-pages';
import { passwordStep, redeem } from './support/hosted-sign-in';
import { startLifecycleStack } from './support/lifecycle';
import { uniqueRegion } from './support/names';
import { enrolTotp } from './support/totp-enrolment';
import { recordUserTopic } from './support/user-topic';
import { eventually } from './support/wait';

const PASSWORD = 'correct horse battery staple';
/** Where `relyingParty` registers the portal's redirect. */
const PORTAL_REDIRECT = 'https://portal.example/callback';
const MFA_CHANGED = 'idaas.user.mfa.changed.v1';

type Tenant = { slug: string; id: string; rp: RelyingParty };
type SecondFactorAnswer = { method: 'totp' | 'recovery_code'; code: string };

/**
 * A user's own second factors through `/me` on the lifecycle service, with access tokens from the
 * real code flow: removing the authenticator app or a passkey and getting new recovery codes, each
 * only with a token whose sign-in used a second factor; what the user sees afterwards (GET
 * /me/mfa, which codes still sign in) and what an integrator's consumer of the user topic gets.
 */
describe('/me: the signed-in user manages their own second factors', () => {
  const region = uniqueRegion('mem');
  const database = `mem_${region}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let env: Awaited<ReturnType<typeof startLifecycleStack>>;
  let topic: Awaited<ReturnType<typeof recordUserTopic>>;
  let users: MongoUserDirectory;
  let identity: Db;
  let passkeys: MongoWebAuthnCredentials;
  const a: Tenant = { slug: `a-${region}`, id: '', rp: undefined as unknown as RelyingParty };
  const b: Tenant = { slug: `b-${region}`, id: '', rp: undefined as unknown as RelyingParty };
  let seq = 0;

  const me = (token: string | undefined, path: string, method = 'GET', slug = a.slug) =>
    env.call(token, `/t/${slug}/me${path}`, method);

  async function newUser(t: Tenant = a) {
    const email = `user${++seq}@acme.test`;
    const { userId } = await users.create(t.id, {
      email,
      password: PASSWORD,
      state: 'active',
      emailVerified: true,
    });
    return { email, userId };
  }

  /** A password-only sign-in through the code flow: its token shows no second factor. */
  const passwordOnlyToken = async (email: string, t: Tenant = a) =>
    (await signIn(t.rp, { email, password: PASSWORD })).tokens.access_token;

  /** The password step and then `answer` on the second-factor page; the page's answer. */
  async function secondFactorSignIn(email: string, answer: SecondFactorAnswer) {
    const app = { config: a.rp.config, redirectUri: PORTAL_REDIRECT };
    const start = await passwordStep(app, { email, password: PASSWORD });
    expect(start.response.location).toMatch(/\/login\/mfa\?flow=/);
    const form = readForm((await fetchPage(start.response.location!)).text);
    return { app, start, done: await postForm(form.action, { ...form.hidden, ...answer }) };
  }

  /** An access token whose sign-in just used `answer` as the second factor. */
  async function recentSecondFactorToken(email: string, answer: SecondFactorAnswer): Promise<string> {
    const { app, start, done } = await secondFactorSignIn(email, answer);
    const tokens = await redeem(app, done, start);
    expect(tokens.claims()!.amr).toContain('mfa');
    return tokens.access_token;
  }

  /** A passkey stored as registration leaves it (no ceremony needed to remove one). */
  async function passkey(t: Tenant, userId: string, credentialId: string, label: string) {
    const registered = await passkeys.register(t.id, {
      credentialId,
      userId,
      publicKey: 'cHVibGljLWtleQ',
      counter: 0,
      transports: ['internal'],
      deviceType: 'multiDevice',
      label,
      createdAt: new Date(),
    });
    expect(registered).toBe(true);
  }

  const mfaChanges = (userId: string, count: number) => topic.awaitOf(userId, MFA_CHANGED, count);

  const changeOf = (e: CloudEvent) => e.data as { method: string; change: string; actor: string };

  beforeAll(async () => {
    await mongo.connect();
    env = await startLifecycleStack(region, database);
    identity = mongo.db(identityDatabaseName(region));
    users = new MongoUserDirectory(identity, { region, source: `/idaas/${region}/test` });
    passkeys = new MongoWebAuthnCredentials(identity);
    topic = await recordUserTopic(region, `${database}.`);
    for (const t of [a, b]) {
      t.id = await env.stack.createTenant(t.slug, region);
      t.rp = await relyingParty(env.stack, region, t.slug, t.id);
    }
    // The lifecycle service has the tenants and the region's published key once a token passes.
    const probe = await newUser();
    const token = await passwordOnlyToken(probe.email);
    await eventually(async () => (await me(token, '/mfa')).status === 200, {
      what: 'the lifecycle service accepting user tokens',
    });
  });

  afterAll(async () => {
    await topic?.close();
    await env?.close();
    await mongo.close();
  });

  it('refuses every change with the RFC 9470 challenge when the sign-in used no second factor; nothing changes', async () => {
    const { email, userId } = await newUser();
    // Signed in before the user had a second factor: the token shows only the password.
    const token = await passwordOnlyToken(email);
    await enrolTotp(identity, { region, tenantId: a.id }, userId);
    await passkey(a, userId, `weak-${region}`, 'Laptop');
    for (const [path, method] of [
      ['/mfa/totp', 'DELETE'],
      [`/mfa/webauthn/weak-${region}`, 'DELETE'],
      ['/mfa/recovery-codes', 'POST'],
    ] as const) {
      const refused = await me(token, path, method);
      expect(refused.status).toBe(401);
      expect(refused.body.type).toMatch(/insufficient_user_authentication$/);
      const challenge = refused.headers.get('www-authenticate') ?? '';
      expect(challenge).toMatch(/^Bearer error="insufficient_user_authentication"/);
      expect(challenge).toContain('acr_values="urn:idaas:acr:mfa"');
      expect(challenge).toContain('max_age="900"');
    }
    const listed = await me(token, '/mfa');
    expect(listed.status).toBe(200);
    expect(listed.body.enrolments).toEqual([
      expect.objectContaining({ method: 'totp' }),
      expect.objectContaining({ method: 'recovery_code', remaining: 10 }),
      expect.objectContaining({ method: 'webauthn', label: 'Laptop', credentialId: `weak-${region}` }),
    ]);
  });

  it('removes the authenticator app: GET /me/mfa lists nothing, the recovery codes went with it, the events say the user did it', async () => {
    const { email, userId } = await newUser();
    const totp = await enrolTotp(identity, { region, tenantId: a.id }, userId);
    const token = await recentSecondFactorToken(email, { method: 'totp', code: totp.nextCode() });
    expect((await me(token, '/mfa/totp', 'DELETE')).status).toBe(204);
    expect((await me(token, '/mfa')).body).toEqual({ enrolments: [] });
    const again = await me(token, '/mfa/totp', 'DELETE');
    expect(again.status).toBe(404);
    // Without a second factor the next sign-in asks for none.
    const next = await passwordStep(
      { config: a.rp.config, redirectUri: PORTAL_REDIRECT },
      { email, password: PASSWORD },
    );
    expect((await redeem({ config: a.rp.config }, next.response, next)).claims()!.amr).toEqual(['pwd']);
    const events = await mfaChanges(userId, 2);
    expect(events.map(changeOf)).toEqual([
      { userId, method: 'totp', change: 'removed', actor: 'user' },
      { userId, method: 'recovery_code', change: 'removed', actor: 'user' },
    ]);
    expect(events[0]).toMatchObject({
      subject: userId,
      tenantid: a.id,
      source: `/idaas/${region}/lifecycle`,
    });
  });

  it("removes one own passkey by its credential id; another user's or another tenant's is 404 and stays", async () => {
    const { email, userId } = await newUser();
    const totp = await enrolTotp(identity, { region, tenantId: a.id }, userId);
    const token = await recentSecondFactorToken(email, { method: 'totp', code: totp.nextCode() });
    // Added after the sign-in, so the sign-in asked for the authenticator app and not a passkey.
    await passkey(a, userId, `phone-${region}`, 'Phone');
    await passkey(a, userId, `key-${region}`, 'Security key');
    const other = await newUser();
    await passkey(a, other.userId, `other-${region}`, 'Not yours');
    const elsewhere = await newUser(b);
    await passkey(b, elsewhere.userId, `b-${region}`, 'Tenant B');

    const listed = (await me(token, '/mfa')).body.enrolments as { method: string; credentialId?: string }[];
    expect(listed.filter((e) => e.method === 'webauthn').map((e) => e.credentialId)).toEqual([
      `phone-${region}`,
      `key-${region}`,
    ]);
    expect((await me(token, `/mfa/webauthn/other-${region}`, 'DELETE')).status).toBe(404);
    expect((await me(token, `/mfa/webauthn/b-${region}`, 'DELETE')).status).toBe(404);
    // Tenant A's token at tenant B's /me is refused before any passkey is looked at.
    expect((await me(token, `/mfa/webauthn/b-${region}`, 'DELETE', b.slug)).status).toBe(401);
    expect(await passkeys.credentialsOf(a.id, other.userId)).toHaveLength(1);
    expect(await passkeys.credentialsOf(b.id, elsewhere.userId)).toHaveLength(1);

    expect((await me(token, `/mfa/webauthn/phone-${region}`, 'DELETE')).status).toBe(204);
    const after = (await me(token, '/mfa')).body.enrolments as { method: string; credentialId?: string }[];
    // The authenticator app is still there, so its recovery codes stay.
    expect(after.map((e) => e.credentialId ?? e.method)).toEqual(['totp', 'recovery_code', `key-${region}`]);

    // The app goes, then the last passkey: with it the recovery codes, as nothing is left to back up.
    expect((await me(token, '/mfa/totp', 'DELETE')).status).toBe(204);
    expect((await me(token, `/mfa/webauthn/key-${region}`, 'DELETE')).status).toBe(204);
    expect((await me(token, '/mfa')).body).toEqual({ enrolments: [] });
    const events = await mfaChanges(userId, 4);
    expect(events.map(changeOf)).toEqual([
      { userId, method: 'webauthn', change: 'removed', actor: 'user' },
      { userId, method: 'totp', change: 'removed', actor: 'user' },
      { userId, method: 'webauthn', change: 'removed', actor: 'user' },
      { userId, method: 'recovery_code', change: 'removed', actor: 'user' },
    ]);
    expect(topic.of(other.userId).filter((e) => e.type === MFA_CHANGED)).toEqual([]);
  });

  it('gives ten new recovery codes once: the old ones stop working, a new one signs in; none without a second factor (409)', async () => {
    const { email, userId } = await newUser();
    const totp = await enrolTotp(identity, { region, tenantId: a.id }, userId);
    const token = await recentSecondFactorToken(email, { method: 'totp', code: totp.nextCode() });
    const issued = await me(token, '/mfa/recovery-codes', 'POST');
    expect(issued.status).toBe(200);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    const codes = issued.body.recoveryCodes as string[];
    expect(new Set(codes).size).toBe(10);
    expect(codes.filter((c) => totp.recoveryCodes.includes(c))).toEqual([]);
    const listed = (await me(token, '/mfa')).body.enrolments;
    expect(listed).toContainEqual(expect.objectContaining({ method: 'recovery_code', remaining: 10 }));

    const old = await secondFactorSignIn(email, { method: 'recovery_code', code: totp.recoveryCodes[0]! });
    expect(old.done.status).toBe(400);
    const fresh = await recentSecondFactorToken(email, { method: 'recovery_code', code: codes[0]! });
    expect((await me(fresh, '/mfa')).body.enrolments).toContainEqual(
      expect.objectContaining({ method: 'recovery_code', remaining: 9 }),
    );
    const events = await mfaChanges(userId, 1);
    expect(events.map(changeOf)).toEqual([
      { userId, method: 'recovery_code', change: 'regenerated', actor: 'user' },
    ]);
    // Nothing there for codes to back up: a conflict, and no codes handed out.
    const plain = await newUser();
    const refused = await me(await passwordOnlyToken(plain.email), '/mfa/recovery-codes', 'POST');
    expect(refused.status).toBe(409);
    expect(refused.body.recoveryCodes).toBeUndefined();
    expect((await me(await passwordOnlyToken(plain.email), '/mfa')).body).toEqual({ enrolments: [] });
  });
});
