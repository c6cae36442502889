import { MongoClient } from 'mongodb';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { introspect, refresh, relyingParty, signIn, type RelyingParty } from './support/code-flow';
import { startLifecycleStack } from './support/lifecycle';
import { uniqueRegion } from './support/names';
import { eventually } from './support/wait';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new and uncommon passphrase';

describe('/me: the signed-in user on their own account', () => {
  const region = uniqueRegion('me');
  const database = `me_${region}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let env: Awaited<ReturnType<typeof startLifecycleStack>>;
  let users: MongoUserDirectory;
  const a = { slug: `a-${region}`, id: '', rp: undefined as unknown as RelyingParty };
  const b = { slug: `b-${region}`, id: '', rp: undefined as unknown as RelyingParty };
  let seq = 0;

  const me = (token: string | undefined, slug: string, path = '', method = 'GET', body?: unknown) =>
    env.call(token, `/t/${slug}/me${path}`, method, body);

  /** A new active user of a tenant, signed in through the code flow. */
  async function signedIn(t: typeof a, name = 'Someone') {
    const email = `user${++seq}@acme.test`;
    const user = await users.create(t.id, {
      email,
      password: PASSWORD,
      state: 'active',
      emailVerified: true,
      profile: { name, locale: 'en' },
    });
    const { tokens } = await signIn(t.rp, { email, password: PASSWORD });
    return { email, userId: user.userId, tokens };
  }

  beforeAll(async () => {
    await mongo.connect();
    env = await startLifecycleStack(region, database);
    users = new MongoUserDirectory(mongo.db(identityDatabaseName(region)), {
      region,
      source: `/idaas/${region}/test`,
    });
    for (const t of [a, b]) {
      t.id = await env.stack.createTenant(t.slug, region);
      t.rp = await relyingParty(env.stack, region, t.slug, t.id);
    }
    // The lifecycle service has the tenants and the region's published key once a token passes.
    const probe = await signedIn(a);
    await eventually(async () => (await me(probe.tokens.access_token, a.slug)).status === 200, {
      what: 'the lifecycle service accepting user tokens',
    });
  });

  afterAll(async () => {
    await env?.close();
    await mongo.close();
  });

  it('shows the caller their own account, never the hash; no token, another tenant or a client token is 401', async () => {
    const alice = await signedIn(a, 'Alice');
    const bob = await signedIn(a, 'Bob');
    const own = await me(alice.tokens.access_token, a.slug);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ userId: alice.userId, email: alice.email, profile: { name: 'Alice' } });
    expect(JSON.stringify(own.body)).not.toContain('argon2');
    expect((await me(bob.tokens.access_token, a.slug)).body.userId).toBe(bob.userId);
    expect((await me(undefined, a.slug)).status).toBe(401);
    expect((await me('not-a-jwt', a.slug)).status).toBe(401);
    // Tenant A's token on tenant B's /me: the key is A's, so it is refused there.
    expect((await me(alice.tokens.access_token, b.slug)).status).toBe(401);
    expect((await me(alice.tokens.access_token, `nowhere-${region}`)).status).toBe(404);
    // An admin's client token of the tenant names no user.
    const m2m = await env.clientToken(a.id, a.slug, ['users:read']);
    expect((await me(m2m, a.slug)).status).toBe(401);
  });

  it('changes the own profile and email; bad input names the field; a taken email is 409', async () => {
    const carol = await signedIn(a, 'Carol');
    const dave = await signedIn(a, 'Dave');
    const changed = await me(carol.tokens.access_token, a.slug, '', 'PATCH', {
      givenName: 'Carol',
      locale: null,
      email: `carol-${region}@acme.test`,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      email: `carol-${region}@acme.test`,
      emailVerified: false,
      profile: { name: 'Carol', givenName: 'Carol' },
    });
    expect(changed.body.profile.locale).toBeUndefined();
    const bad = await me(carol.tokens.access_token, a.slug, '', 'PATCH', { locale: 'not a tag!' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'body.locale' })]);
    const unknownField = await me(carol.tokens.access_token, a.slug, '', 'PATCH', { state: 'active' });
    expect(unknownField.status).toBe(400);
    const taken = await me(carol.tokens.access_token, a.slug, '', 'PATCH', { email: dave.email });
    expect(taken.status).toBe(409);
    expect((await users.findById(a.id, dave.userId))!.email).toBe(dave.email);
  });

  it('changes the password with the current one: old tokens stop working, the new password signs in', async () => {
    const erin = await signedIn(a);
    const token = erin.tokens.access_token;
    const wrong = await me(token, a.slug, '/password', 'POST', {
      currentPassword: 'not it at all',
      newPassword: NEW_PASSWORD,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'body.currentPassword' })]);
    const weak = await me(token, a.slug, '/password', 'POST', {
      currentPassword: PASSWORD,
      newPassword: 'short',
    });
    expect(weak.body.errors).toEqual([expect.objectContaining({ field: 'body.newPassword' })]);
    // Let a second pass, so the change is later than the token's iat (whole seconds).
    await new Promise((r) => setTimeout(r, 1100));
    const done = await me(token, a.slug, '/password', 'POST', {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(done.status).toBe(204);
    expect((await me(token, a.slug)).status).toBe(401);
    // Awaited through introspection, not by refreshing: a refresh that came first would rotate the
    // token, and its reuse would be refused by itself.
    await eventually(async () => !(await introspect(a.rp, token)).active, {
      what: 'the old access token revoked',
    });
    expect((await refresh(a.rp, erin.tokens.refresh_token!)).body.error).toBe('invalid_grant');
    const again = await signIn(a.rp, { email: erin.email, password: NEW_PASSWORD });
    expect((await me(again.tokens.access_token, a.slug)).status).toBe(200);
  });

  it('lists the own MFA enrolments (none yet) and exports the own data', async () => {
    const frank = await signedIn(a, 'Frank');
    const mfa = await me(frank.tokens.access_token, a.slug, '/mfa');
    expect(mfa).toMatchObject({ status: 200, body: { enrolments: [] } });
    const data = await me(frank.tokens.access_token, a.slug, '/export');
    expect(data.status).toBe(200);
    expect(data.body).toMatchObject({
      account: { userId: frank.userId, email: frank.email, profile: { name: 'Frank' } },
      mfa: { enrolments: [] },
    });
    expect(JSON.stringify(data.body)).not.toContain('argon2');
  });

  it("lists and revokes the own SSO sessions at the issuer; another user's session is 404", async () => {
    const helen = await signedIn(a, 'Helen');
    const second = await signIn(a.rp, { email: helen.email, password: PASSWORD });
    const ivan = await signedIn(a, 'Ivan');
    const sessions = (token: string, slug = a.slug, path = '', method = 'GET') =>
      fetch(`${env.stack.authentication[region]!.url}/t/${slug}/me/sessions${path}`, {
        method,
        headers: { authorization: `Bearer ${token}` },
      });
    const listed = await sessions(helen.tokens.access_token);
    expect(listed.status).toBe(200);
    const own = ((await listed.json()) as { sessions: { sessionId: string }[] }).sessions;
    expect(own).toHaveLength(2);
    const ivans = ((await (await sessions(ivan.tokens.access_token)).json()) as { sessions: unknown[] })
      .sessions;
    expect(ivans).toHaveLength(1);
    // Ivan cannot end Helen's session, nor can a token of tenant A list sessions at tenant B.
    expect((await sessions(ivan.tokens.access_token, a.slug, `/${own[0]!.sessionId}`, 'DELETE')).status).toBe(
      404,
    );
    expect((await sessions(helen.tokens.access_token, b.slug)).status).toBe(401);
    // Helen signs her second sign-in out: its refresh token ends with it, the first one lives on.
    // The list is newest first: the second sign-in.
    const newest = own[0]!.sessionId;
    expect((await sessions(helen.tokens.access_token, a.slug, `/${newest}`, 'DELETE')).status).toBe(204);
    expect((await refresh(a.rp, second.tokens.refresh_token!)).body.error).toBe('invalid_grant');
    expect((await refresh(a.rp, helen.tokens.refresh_token!)).status).toBe(200);
    const left = (
      (await (await sessions(helen.tokens.access_token)).json()) as { sessions: { sessionId: string }[] }
    ).sessions;
    expect(left.map((s) => s.sessionId)).toEqual([own[1]!.sessionId]);
  });

  it('deletes the own account: a tombstone without personal data, and the token is worthless after', async () => {
    const gina = await signedIn(a, 'Gina');
    const other = await signedIn(a, 'Other');
    expect((await me(gina.tokens.access_token, a.slug, '', 'DELETE')).status).toBe(204);
    expect(await users.findById(a.id, gina.userId)).toMatchObject({
      state: 'deleted',
      email: '',
      profile: {},
    });
    expect((await me(gina.tokens.access_token, a.slug)).status).toBe(401);
    expect((await users.findById(a.id, other.userId))!.state).toBe('active');
  });
});
