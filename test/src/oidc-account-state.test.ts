import { MongoClient } from 'mongodb';
import * as oidc from 'openid-client';
import { identityDatabaseName, MongoUserDirectory, USERS } from '@idaas/user-store';
import { signInThroughPages } from './support/hosted-login';
import { fetchPage, postForm, readForm } from './support/hosted-pages';
import { uniqueRegion } from './support/names';
import { basicAuth, startStack } from './support/stack';
import { recordUserTopic } from './support/user-topic';
import { eventually } from './support/wait';

type Stack = Awaited<ReturnType<typeof startStack>>;
type Tokens = Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;

const REDIRECT_URI = 'https://portal.example/callback';
const AFTER_LOGOUT = 'https://portal.example/signed-out';
const PASSWORD = 'correct horse battery staple';
const SCOPE = 'openid profile email offline_access';

/** An application of one tenant as openid-client sees it. */
interface Rp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  config: oidc.Configuration;
}

/** A sign-in through the hosted pages, redeemed by openid-client. */
interface Session {
  tokens: Tokens;
  sessionCookie: string;
}

interface UserOutbox {
  outbox?: { event: { type: string; data: { reason?: string } } }[];
}

/**
 * What a user's or tenant's state does to the OpenID Connect provider after sign-in: sessions
 * that must sign in again (max_age), users disabled or locked after signing in, suspended
 * tenants, RP-initiated logout, and the lockout under a burst of wrong passwords at the form.
 */
describe('OpenID Connect provider: sessions, account and tenant state', () => {
  const eu = uniqueRegion('oidcst');
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stack: Stack;
  let tenantId: string;
  let rp: Rp;
  let users: MongoUserDirectory;

  const register = async (tid: string) => {
    const res = await stack.admin<{ clientId: string; clientSecret: string }>(
      `/admin/tenants/${tid}/applications`,
      'POST',
      {
        kind: 'web',
        name: 'Portal',
        redirectUris: [REDIRECT_URI],
        postLogoutRedirectUris: [AFTER_LOGOUT],
        grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
      },
    );
    expect(res.status).toBe(201);
    return res.body;
  };

  const tokenRequest = (client: Rp, body: Record<string, string>) =>
    fetch(`${client.issuer}/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: basicAuth(client.clientId, client.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(body),
    });

  /** An application of a new tenant, once the region serves it, with openid-client configured for it. */
  const relyingParty = async (slug: string, tid: string): Promise<Rp> => {
    const app = await register(tid);
    const issuer = `${stack.authentication[eu]!.url}/t/${slug}`;
    const partial = { issuer, ...app };
    await eventually(
      async () => (await tokenRequest(partial as Rp, { grant_type: 'client_credentials' })).ok,
      { what: 'the application in the region' },
    );
    const config = await oidc.discovery(
      new URL(issuer),
      app.clientId,
      {},
      oidc.ClientSecretBasic(app.clientSecret),
      { execute: [oidc.allowInsecureRequests] },
    );
    return { ...partial, config };
  };

  const newUser = async (tid: string, email: string) =>
    (await users.create(tid, { email, password: PASSWORD, state: 'active', emailVerified: true })).userId;

  const authorizationUrl = async (client: Rp, extra: Record<string, string> = {}) => {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(client.config, {
      redirect_uri: REDIRECT_URI,
      scope: SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...extra,
    });
    return { url, verifier, state, nonce };
  };

  /** The code flow for real: openid-client's URL, the login form by HTTP, openid-client's code exchange. */
  const signIn = async (client: Rp, email: string): Promise<Session> => {
    const { url, verifier, state, nonce } = await authorizationUrl(client);
    const { response, sessionCookie } = await signInThroughPages(url.href, { email, password: PASSWORD });
    expect(response.status).toBe(303);
    const tokens = await oidc.authorizationCodeGrant(client.config, new URL(response.location!), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    return { tokens, sessionCookie: sessionCookie! };
  };

  /** Where the authorization endpoint sends a browser holding this session. */
  const authorizeWith = async (client: Rp, cookie: string, extra: Record<string, string> = {}) => {
    const { url } = await authorizationUrl(client, extra);
    return fetchPage(url.href, { headers: { cookie } });
  };

  const userinfoStatus = async (client: Rp, token: string) =>
    (await fetch(`${client.issuer}/oauth2/userinfo`, { headers: { authorization: `Bearer ${token}` } }))
      .status;

  const introspect = async (client: Rp, token: string) => {
    const res = await tokenEndpointLike(client, 'introspect', { token });
    expect(res.status).toBe(200);
    return (await res.json()) as { active: boolean };
  };

  const tokenEndpointLike = (client: Rp, endpoint: 'introspect' | 'token', body: Record<string, string>) =>
    fetch(`${client.issuer}/oauth2/${endpoint}`, {
      method: 'POST',
      headers: {
        authorization: basicAuth(client.clientId, client.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(body),
    });

  const refresh = async (client: Rp, refreshToken: string) => {
    const res = await tokenRequest(client, { grant_type: 'refresh_token', refresh_token: refreshToken });
    return { status: res.status, body: (await res.json()) as { error?: string } };
  };

  const outboxOf = async (userId: string) =>
    (
      (await mongo
        .db(identityDatabaseName(eu))
        .collection<UserOutbox & { _id: string }>(USERS)
        .findOne({ _id: userId })) ?? {}
    ).outbox ?? [];

  let userTopic: Awaited<ReturnType<typeof recordUserTopic>>;

  beforeAll(async () => {
    await mongo.connect();
    stack = await startStack([eu], `mgmt_${eu}`);
    userTopic = await recordUserTopic(eu, `mgmt_${eu}.`);
    const slug = `acme-${eu}`;
    tenantId = await stack.createTenant(slug, eu);
    users = new MongoUserDirectory(mongo.db(identityDatabaseName(eu)), {
      region: eu,
      source: `/idaas/${eu}/test`,
    });
    rp = await relyingParty(slug, tenantId);
  });

  afterAll(async () => {
    await userTopic?.close();
    await stack?.close();
    await mongo.close();
  });

  it('max_age=0 makes a signed-in user sign in again; a recent enough session answers at once', async () => {
    await newUser(tenantId, 'max@acme.example');
    const { sessionCookie } = await signIn(rp, 'max@acme.example');
    const recent = await authorizeWith(rp, sessionCookie, { max_age: '3600' });
    expect(recent.status).toBe(303);
    expect(new URL(recent.location!).searchParams.get('code')).toBeTruthy();
    const forced = await authorizeWith(rp, sessionCookie, { max_age: '0' });
    expect(forced.status).toBe(200);
    expect(readForm(forced.text).action).toMatch(new RegExp(`^${rp.issuer}/login\\?flow=`));
    // prompt=none cannot show the login page that max_age asks for.
    const silent = await authorizeWith(rp, sessionCookie, { max_age: '0', prompt: 'none' });
    expect(new URL(silent.location!).searchParams.get('error')).toBe('login_required');
  });

  /** Everything a user who may no longer sign in must be refused, with tokens from before. */
  const expectCutOff = async ({ tokens, sessionCookie }: Session) => {
    const silent = await authorizeWith(rp, sessionCookie, { prompt: 'none' });
    expect(silent.status).toBe(303);
    const answer = new URL(silent.location!).searchParams;
    expect(answer.get('code')).toBeNull();
    expect(answer.get('error')).toBe('login_required');
    const interactive = await authorizeWith(rp, sessionCookie);
    expect(interactive.status).toBe(200);
    expect(readForm(interactive.text).action).toMatch(new RegExp(`^${rp.issuer}/login\\?flow=`));
    expect(await refresh(rp, tokens.refresh_token!)).toEqual({
      status: 400,
      body: expect.objectContaining({ error: 'invalid_grant' }),
    });
    expect(await userinfoStatus(rp, tokens.access_token)).toBe(401);
    expect(await introspect(rp, tokens.access_token)).toEqual({ active: false });
  };

  it('gives a user disabled after signing in no code from the SSO session, no tokens, and inactive tokens', async () => {
    const userId = await newUser(tenantId, 'dora@acme.example');
    const session = await signIn(rp, 'dora@acme.example');
    expect(await introspect(rp, session.tokens.access_token)).toMatchObject({ active: true, sub: userId });
    expect(await userinfoStatus(rp, session.tokens.access_token)).toBe(200);
    await users.transition(tenantId, userId, 'disable');
    await expectCutOff(session);
  });

  it('treats a user locked after signing in the same way', async () => {
    const userId = await newUser(tenantId, 'lockie@acme.example');
    const session = await signIn(rp, 'lockie@acme.example');
    expect(await introspect(rp, session.tokens.access_token)).toMatchObject({ active: true });
    await users.transition(tenantId, userId, 'lock');
    await expectCutOff(session);
  });

  it('keeps client_credentials tokens active at introspection: their sub is the client, not a user', async () => {
    const machine = await oidc.clientCredentialsGrant(rp.config, { scope: 'email' });
    expect(await introspect(rp, machine.access_token)).toMatchObject({ active: true, sub: rp.clientId });
  });

  it('signs out on RP-initiated logout with a real id_token_hint and returns to the registered URI', async () => {
    await newUser(tenantId, 'leah@acme.example');
    const { tokens, sessionCookie } = await signIn(rp, 'leah@acme.example');
    // No client_id: the hint's audience names the client whose post-logout URI may be used.
    const logoutUrl = oidc.buildEndSessionUrl(rp.config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: AFTER_LOGOUT,
      state: 'bye',
    });
    logoutUrl.searchParams.delete('client_id');
    const confirm = await fetchPage(logoutUrl.href, { headers: { cookie: sessionCookie } });
    expect(confirm.status).toBe(200);
    const form = readForm(confirm.text);
    expect(form.hidden.id_token_hint).toBe(tokens.id_token);
    const out = await postForm(form.action, form.hidden, sessionCookie);
    expect(out.status).toBe(303);
    expect(out.location).toBe(`${AFTER_LOGOUT}?state=bye`);
    const after = await authorizeWith(rp, sessionCookie, { prompt: 'none' });
    expect(new URL(after.location!).searchParams.get('error')).toBe('login_required');
  });

  it('revokes on logout what the session issued: its refresh tokens and their access tokens', async () => {
    await newUser(tenantId, 'olga@acme.example');
    const { tokens, sessionCookie } = await signIn(rp, 'olga@acme.example');
    // A second sign-in elsewhere is another session: signing out of the first leaves it alone.
    const elsewhere = await signIn(rp, 'olga@acme.example');
    const rotated = await oidc.refreshTokenGrant(rp.config, tokens.refresh_token!);
    const confirm = await fetchPage(`${rp.issuer}/oauth2/logout`, { headers: { cookie: sessionCookie } });
    const form = readForm(confirm.text);
    expect((await postForm(form.action, form.hidden, sessionCookie)).status).toBe(200);

    expect(await refresh(rp, rotated.refresh_token!)).toEqual({
      status: 400,
      body: expect.objectContaining({ error: 'invalid_grant' }),
    });
    expect(await introspect(rp, rotated.access_token)).toEqual({ active: false });
    expect(await introspect(rp, tokens.access_token)).toEqual({ active: false });
    expect(await userinfoStatus(rp, rotated.access_token)).toBe(401);
    expect((await refresh(rp, elsewhere.tokens.refresh_token!)).status).toBe(200);
  });

  it('checks at most maxAttempts of 50 concurrent wrong passwords at the login form, and locks once', async () => {
    const email = 'mallory-target@acme.example';
    const userId = await newUser(tenantId, email);
    // Each attacker runs its own flow: authorize, login page, form post.
    const attempts = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const { url } = await authorizationUrl(rp);
        return (await signInThroughPages(url.href, { email, password: `guess-${i}` })).response;
      }),
    );
    expect(attempts.every((a) => a.status === 400 && a.location === null)).toBe(true);
    // Every event was written with the attempt that caused it; wait until all have left through the broker.
    await eventually(async () => (await outboxOf(userId)).length === 0 && userTopic.of(userId).length > 0, {
      what: "the user's events on the topic",
    });
    await new Promise((r) => setTimeout(r, 1000));
    const events = userTopic.of(userId);
    // One failure event per checked password: only the default policy's 5 were checked.
    const checked = events.filter(
      (e) =>
        e.type === 'idaas.user.signin.failed.v1' &&
        (e.data as { reason?: string }).reason === 'wrong_password',
    );
    expect(checked).toHaveLength(5);
    expect(events.filter((e) => e.type === 'idaas.user.locked.v1')).toHaveLength(1);
    expect((await users.findById(tenantId, userId))?.state).toBe('locked');
    const { url } = await authorizationUrl(rp);
    const right = (await signInThroughPages(url.href, { email, password: PASSWORD })).response;
    expect(right.status).toBe(400);
    expect(right.location).toBeNull();
    expect(right.text).toContain('Too many attempts. Please try again later.');
  });

  describe('a suspended tenant', () => {
    let frozen: Rp;
    let frozenId: string;

    beforeAll(async () => {
      const slug = `frozen-${eu}`;
      frozenId = await stack.createTenant(slug, eu);
      frozen = await relyingParty(slug, frozenId);
      await newUser(frozenId, 'fred@frozen.example');
    });

    it('gets no code and no tokens, and introspection reports its tokens inactive', async () => {
      const { tokens, sessionCookie } = await signIn(frozen, 'fred@frozen.example');
      const machine = await oidc.clientCredentialsGrant(frozen.config, { scope: 'email' });
      expect(await introspect(frozen, machine.access_token)).toMatchObject({ active: true });

      expect((await stack.admin(`/admin/tenants/${frozenId}/suspend`, 'POST')).status).toBe(200);
      await eventually(
        async () => (await tokenRequest(frozen, { grant_type: 'client_credentials' })).status === 400,
        { what: 'the suspension in the region' },
      );

      const cc = await tokenRequest(frozen, { grant_type: 'client_credentials' });
      expect(await cc.json()).toMatchObject({ error: 'invalid_request' });
      const refused = await refresh(frozen, tokens.refresh_token!);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toEqual(expect.any(String));
      // Neither the session nor a new sign-in yields a code: our error page, nothing to the client.
      const silent = await authorizeWith(frozen, sessionCookie, { prompt: 'none' });
      expect(silent.status).toBe(404);
      expect(silent.location).toBeNull();
      expect(await introspect(frozen, tokens.access_token)).toEqual({ active: false });
      expect(await introspect(frozen, machine.access_token)).toEqual({ active: false });
      expect(await userinfoStatus(frozen, tokens.access_token)).not.toBe(200);
    });
  });
});
