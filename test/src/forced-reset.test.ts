import { MongoClient } from 'mongodb';
import * as oidc from 'openid-client';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { introspect, refresh, relyingParty, signIn, type RelyingParty } from './support/code-flow';
import { signInThroughPages } from './support/hosted-login';
import { fetchPage, loginFlowOf, postForm, readForm, type PageResponse } from './support/hosted-pages';
import { startLifecycleStack } from './support/lifecycle';
import { uniqueRegion } from './support/names';
import { recordUserTopic } from './support/user-topic';
import { eventually } from './support/wait';

const REDIRECT_URI = 'https://portal.example/callback';
const OLD_PASSWORD = 'the password an admin distrusts';
const NEW_PASSWORD = 'a fresh and uncommon passphrase';

/** What a forced reset may write about a user besides sign-in records: the registration and one event per transition. */
const lifecycleEvents = (types: string[]) => types.filter((t) => !t.startsWith('idaas.user.signin.'));

describe('forced password reset: sessions end, the old password leads to a new one, then on to the client', () => {
  const region = uniqueRegion('fr');
  /** Another region, where the user's tokens are judged by signature, expiry and the revocation list alone. */
  const otherRegion = uniqueRegion('fo');
  const database = `freset_${region}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let env_: Awaited<ReturnType<typeof startLifecycleStack>>;
  let topic: Awaited<ReturnType<typeof recordUserTopic>>;
  let users: MongoUserDirectory;
  let rp: RelyingParty;
  let tenantId: string;
  let admin: string;
  const slug = `acme-${region}`;

  /** An authorization request of the code flow, as openid-client builds it. */
  async function authorization() {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(rp.config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid email offline_access',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    return { url: url.href, verifier, state };
  }
  /** Signs in through the hosted pages without following the answer. */
  async function startSignIn(email: string, password: string) {
    const { url, verifier, state } = await authorization();
    const { response } = await signInThroughPages(url, { email, password });
    return { response, verifier, state };
  }
  const errorOf = (page: PageResponse) => /<p id="reset-error"[^>]*>([^<]*)<\/p>/.exec(page.text)?.[1];

  beforeAll(async () => {
    await mongo.connect();
    env_ = await startLifecycleStack(region, database, {}, undefined, [otherRegion]);
    topic = await recordUserTopic(region, `${database}.`);
    users = new MongoUserDirectory(mongo.db(identityDatabaseName(region)), {
      region,
      source: `/idaas/${region}/test`,
    });
    tenantId = await env_.stack.createTenant(slug, region);
    admin = await env_.clientToken(tenantId, slug, ['users:read', 'users:write']);
    await env_.ready(tenantId, admin);
    rp = await relyingParty(env_.stack, region, slug, tenantId);
  });

  afterAll(async () => {
    await topic?.close();
    await env_?.close();
    await mongo.close();
  });

  it('revokes what the old password obtained and lets the user choose a new one at the next sign-in', async () => {
    const email = 'forced@acme.test';
    const { userId } = await users.create(tenantId, {
      email,
      password: OLD_PASSWORD,
      state: 'active',
      emailVerified: true,
    });
    const { tokens: before, sessionCookie } = await signIn(rp, { email, password: OLD_PASSWORD });
    expect(before.refresh_token).toBeDefined();
    // A second device's tokens, never presented while the reset is pending: only a revocation can end them.
    const elsewhere = (await signIn(rp, { email, password: OLD_PASSWORD })).tokens;
    const remote = { ...rp, issuer: `${env_.stack.authentication[otherRegion]!.url}/t/${slug}` };
    await eventually(async () => (await introspect(remote, elsewhere.access_token)).active, {
      what: 'the access token active in the other region',
    });

    const forced = await env_.call(
      admin,
      `/admin/tenants/${tenantId}/users/${userId}/require-password-reset`,
      'POST',
    );
    expect(forced.status).toBe(200);
    expect(forced.body).toMatchObject({ userId, state: 'password_reset_required' });

    // The other region learns through the broker that the old access tokens are revoked.
    await eventually(async () => (await introspect(remote, elsewhere.access_token)).active === false, {
      what: "the forced reset's revocation in the other region",
    });
    // Here the old session gives no code, and the old tokens are refused.
    const resumed = await fetchPage((await authorization()).url, { headers: { cookie: sessionCookie! } });
    expect(loginFlowOf(resumed)).toBeDefined();
    expect(await refresh(rp, before.refresh_token!)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    const userinfo = await fetch(`${rp.issuer}/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${before.access_token}` },
    });
    expect(userinfo.status).toBe(401);
    expect(await introspect(rp, before.access_token)).toMatchObject({ active: false });

    // The old password is right, so the sign-in goes on to choosing a new one, with no session yet.
    const started = await startSignIn(email, OLD_PASSWORD);
    expect(started.response.status).toBe(303);
    expect(started.response.location).toMatch(new RegExp(`/t/${slug}/login/new-password\\?flow=`));
    expect(started.response.cookies.some((c) => c.startsWith('idaas_session='))).toBe(false);
    let page = await fetchPage(started.response.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="password_confirm"');

    // The policy, the confirmation and "not the current one" hold, each with its message.
    const attempt = async (password: string, confirm = password) => {
      const form = readForm(page.text);
      page = await postForm(form.action, { ...form.hidden, password, password_confirm: confirm });
      return page;
    };
    expect(errorOf(await attempt('short'))).toMatch(/at least \d+ characters/);
    expect(errorOf(await attempt('password1234'))).toMatch(/too common/);
    expect(errorOf(await attempt(NEW_PASSWORD, `${NEW_PASSWORD}!`))).toMatch(/not the same/);
    expect(errorOf(await attempt(OLD_PASSWORD))).toMatch(/other than your current one/);
    expect(page.status).toBe(400);
    expect((await users.findById(tenantId, userId))!.state).toBe('password_reset_required');

    // A good new password: the user is active, and the sign-in lands at the client with a code.
    const done = await attempt(NEW_PASSWORD);
    expect(done.status).toBe(303);
    expect(done.location).toMatch(/^https:\/\/portal\.example\/callback\?/);
    expect(done.cookies.some((c) => c.startsWith('idaas_session='))).toBe(true);
    const after = await oidc.authorizationCodeGrant(rp.config, new URL(done.location!), {
      pkceCodeVerifier: started.verifier,
      expectedState: started.state,
    });
    expect(after.claims()?.sub).toBe(userId);
    expect((await users.findById(tenantId, userId))!.state).toBe('active');

    // The old refresh tokens stay dead now that the user is active again; the new one works.
    expect(await refresh(rp, elsewhere.refresh_token!)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect(await introspect(rp, elsewhere.access_token)).toMatchObject({ active: false });
    expect(await refresh(rp, before.refresh_token!)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect((await refresh(rp, after.refresh_token!)).status).toBe(200);

    // The old password no longer signs in; the new one does.
    const old = await startSignIn(email, OLD_PASSWORD);
    expect(old.response.status).toBe(400);
    expect(old.response.text).toContain('The email or password is not correct.');
    expect((await signIn(rp, { email, password: NEW_PASSWORD })).tokens.claims()?.sub).toBe(userId);

    // Exactly one event per transition: forced, then completed; no other change to the user.
    const events = await eventually(
      async () => {
        const seen = topic.of(userId);
        return seen.filter((e) => e.type === 'idaas.user.state_changed.v1').length >= 2 ? seen : undefined;
      },
      { what: 'both transitions on the user topic' },
    );
    // Give a further event, if one were written, the time to arrive behind them.
    await new Promise((r) => setTimeout(r, 500));
    expect(lifecycleEvents(topic.of(userId).map((e) => e.type))).toEqual([
      'idaas.user.registered.v1',
      'idaas.user.state_changed.v1',
      'idaas.user.state_changed.v1',
    ]);
    expect(events.filter((e) => e.type === 'idaas.user.state_changed.v1').map((e) => e.data)).toEqual([
      { userId, transition: 'requirePasswordReset', from: 'active', to: 'password_reset_required' },
      { userId, transition: 'completePasswordReset', from: 'password_reset_required', to: 'active' },
    ]);
  });

  it('shows the new-password step only to a flow whose password was right', async () => {
    const email = 'bystander@acme.test';
    const { userId } = await users.create(tenantId, {
      email,
      password: OLD_PASSWORD,
      state: 'active',
      emailVerified: true,
    });
    expect(
      (await env_.call(admin, `/admin/tenants/${tenantId}/users/${userId}/require-password-reset`, 'POST'))
        .status,
    ).toBe(200);
    // A wrong password is refused as for anyone: nothing tells that a reset is pending.
    const wrong = await startSignIn(email, 'not the password at all');
    expect(wrong.response.status).toBe(400);
    expect(wrong.response.text).toContain('The email or password is not correct.');
    // The step's page for a flow still at its login form is "start again", not a password form.
    const flow = /flow=([0-9a-f-]+)/.exec(readForm(wrong.response.text).action)?.[1];
    const skipped = await fetchPage(`${rp.issuer}/login/new-password?flow=${flow}`);
    expect(skipped.status).toBe(400);
    expect(skipped.text).not.toContain('name="password_confirm"');
    expect((await users.findById(tenantId, userId))!.state).toBe('password_reset_required');
  });
});
