import { MongoClient } from 'mongodb';
import { exportSPKI, importJWK, SignJWT, type JWK, type KeyLike } from 'jose';
import * as oidc from 'openid-client';
import { MongoAuthorizationCodes } from '@idaas/authentication-service/src/store/authorization-code-store';
import type { AuthorizationGrant } from '@idaas/authentication-service/src/domain/authorization-grant';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { signInThroughPages } from './support/hosted-login';
import { uniqueRegion } from './support/names';
import { basicAuth, startStack } from './support/stack';
import { eventually } from './support/wait';

type Stack = Awaited<ReturnType<typeof startStack>>;

const REDIRECT_URI = 'https://portal.example/callback';
const EMAIL = 'ada@acme.example';
const PASSWORD = 'correct horse battery staple';

/** A code obtained through the hosted login page, with what the client kept to redeem it. */
interface SignedInCode {
  /** The redirect URI as the browser was sent to it: code, state and iss in its query. */
  callback: URL;
  code: string;
  verifier: string;
  nonce: string;
  state: string;
  sessionCookie: string;
}

/**
 * The OpenID Connect code flow as a certified client library drives it: openid-client v6
 * discovers our metadata and builds the authorization URL (PKCE, state, nonce); the user signs in
 * on the hosted login page by HTTP; the library redeems the code from the callback URL, validates
 * the ID token against our JWKS, calls UserInfo and refreshes. Only the expired code comes
 * straight from the region's code store, since no page can issue one.
 */
describe('OpenID Connect code flow with openid-client', () => {
  const eu = uniqueRegion('oidc');
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stack: Stack;
  let tenantId: string;
  let otherTenantId: string;
  const slug = `acme-${eu}`;
  const otherSlug = `other-${eu}`;
  let issuer: string;
  let otherIssuer: string;
  let portal: { clientId: string; clientSecret: string };
  let poster: { clientId: string; clientSecret: string };
  let otherPortal: { clientId: string; clientSecret: string };
  let userId: string;
  let otherUserId: string;
  let codes: MongoAuthorizationCodes;
  let config: oidc.Configuration;

  const register = async (tid: string, body: Record<string, unknown>) => {
    const res = await stack.admin<{ clientId: string; clientSecret: string }>(
      `/admin/tenants/${tid}/applications`,
      'POST',
      body,
    );
    expect(res.status).toBe(201);
    return res.body;
  };

  /** The front channel for real: openid-client's authorization URL, then the login form by HTTP. */
  const signIn = async (): Promise<SignedInCode> => {
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid profile email offline_access',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const { response, sessionCookie } = await signInThroughPages(url.href, {
      email: EMAIL,
      password: PASSWORD,
    });
    expect(response.status).toBe(303);
    const callback = new URL(response.location ?? '');
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(sessionCookie).toBeDefined();
    return {
      callback,
      code: callback.searchParams.get('code') ?? '',
      verifier,
      nonce,
      state,
      sessionCookie: sessionCookie!,
    };
  };

  /** A code the pages cannot produce (an expired one), straight from the region's code store. */
  const codeFor = async (
    overrides: Partial<AuthorizationGrant> = {},
    issuedAt = new Date(),
  ): Promise<{ code: string; verifier: string; nonce: string }> => {
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const code = await codes.issue(
      {
        tenantId,
        clientId: portal.clientId,
        userId,
        sessionId: 'session-1',
        redirectUri: REDIRECT_URI,
        scope: ['openid', 'profile', 'email', 'offline_access'],
        nonce,
        codeChallenge: await oidc.calculatePKCECodeChallenge(verifier),
        authTime: new Date(),
        amr: ['pwd'],
        ...overrides,
      },
      issuedAt,
    );
    return { code, verifier, nonce };
  };

  const tokenRequest = (body: Record<string, string>, client = portal, url = `${issuer}/oauth2/token`) =>
    fetch(url, {
      method: 'POST',
      headers: {
        authorization: basicAuth(client.clientId, client.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(body),
    });

  const userinfo = (token: string, url = `${issuer}/oauth2/userinfo`) =>
    fetch(url, { headers: { authorization: `Bearer ${token}` } });

  // openid-client checks state and the RFC 9207 iss of the callback, then the ID token.
  const redeem = async ({ callback, verifier, nonce, state }: SignedInCode) =>
    oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      expectedState: state,
      idTokenExpected: true,
    });

  beforeAll(async () => {
    await mongo.connect();
    stack = await startStack([eu], `mgmt_${eu}`);
    tenantId = await stack.createTenant(slug, eu);
    otherTenantId = await stack.createTenant(otherSlug, eu);
    const app = { kind: 'web', redirectUris: [REDIRECT_URI] };
    const grantTypes = ['authorization_code', 'refresh_token', 'client_credentials'];
    portal = await register(tenantId, { ...app, name: 'Portal', grantTypes });
    poster = await register(tenantId, {
      ...app,
      name: 'Poster',
      grantTypes,
      tokenEndpointAuthMethod: 'client_secret_post',
    });
    otherPortal = await register(otherTenantId, { ...app, name: 'Other portal', grantTypes });
    const users = new MongoUserDirectory(mongo.db(identityDatabaseName(eu)), {
      region: eu,
      source: `/idaas/${eu}/test`,
    });
    const profile = { name: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace', locale: 'en-GB' };
    userId = (
      await users.create(tenantId, {
        email: EMAIL,
        password: PASSWORD,
        profile,
        state: 'active',
        emailVerified: true,
      })
    ).userId;
    otherUserId = (
      await users.create(otherTenantId, { email: 'bob@other.example', state: 'active', emailVerified: true })
    ).userId;
    codes = new MongoAuthorizationCodes(mongo.db(`idaas_${eu}_authentication`));
    issuer = `${stack.authentication[eu]!.url}/t/${slug}`;
    otherIssuer = `${stack.authentication[eu]!.url}/t/${otherSlug}`;
    // The applications reach the region's replica through the broker.
    for (const [client, url] of [
      [portal, issuer],
      [otherPortal, otherIssuer],
    ] as const) {
      await eventually(
        async () =>
          (await tokenRequest({ grant_type: 'client_credentials' }, client, `${url}/oauth2/token`)).ok,
        { what: 'the applications in the region' },
      );
    }
    await eventually(
      async () =>
        (
          await fetch(`${issuer}/oauth2/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              grant_type: 'client_credentials',
              client_id: poster.clientId,
              client_secret: poster.clientSecret,
            }),
          })
        ).ok,
      { what: 'the client_secret_post application in the region' },
    );
    config = await oidc.discovery(
      new URL(issuer),
      portal.clientId,
      {},
      oidc.ClientSecretBasic(portal.clientSecret),
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
  });

  afterAll(async () => {
    await stack?.close();
    await mongo.close();
  });

  it('discovers exactly the grants, endpoints and algorithms that work', () => {
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(issuer);
    expect(metadata.userinfo_endpoint).toBe(`${issuer}/oauth2/userinfo`);
    expect(metadata.grant_types_supported).toEqual([
      'authorization_code',
      'refresh_token',
      'client_credentials',
      'urn:ietf:params:oauth:grant-type:device_code',
    ]);
    expect(metadata.id_token_signing_alg_values_supported).toEqual(['RS256', 'ES256', 'EdDSA']);
    expect(metadata.subject_types_supported).toEqual(['public']);
    expect(metadata.scopes_supported).toEqual(['openid', 'profile', 'email', 'offline_access']);
  });

  it('signs in on the login page, redeems the code with PKCE: the ID token validates, UserInfo answers, refresh rotates', async () => {
    const signedIn = await signIn();
    expect(signedIn.callback.searchParams.get('iss')).toBe(issuer);
    const { nonce } = signedIn;
    const tokens = await redeem(signedIn);
    // openid-client checked the signature against our JWKS, iss, aud, nonce, exp and at_hash.
    expect(tokens.claims()).toMatchObject({
      iss: issuer,
      sub: userId,
      aud: portal.clientId,
      azp: portal.clientId,
      nonce,
      sid: expect.any(String),
      amr: ['pwd'],
      email: 'ada@acme.example',
      email_verified: true,
      given_name: 'Ada',
    });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.scope).toBe('openid profile email offline_access');

    const info = await oidc.fetchUserInfo(config, tokens.access_token, userId);
    expect(info).toEqual({
      sub: userId,
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      locale: 'en-GB',
      email: 'ada@acme.example',
      email_verified: true,
    });

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!, { scope: 'openid email' });
    expect(refreshed.scope).toBe('openid email');
    expect(refreshed.claims()?.sub).toBe(userId);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    // The narrowed access token releases only what its scope allows.
    expect(await oidc.fetchUserInfo(config, refreshed.access_token, userId)).toEqual({
      sub: userId,
      email: 'ada@acme.example',
      email_verified: true,
    });
    // The new refresh token keeps the original scope (RFC 6749 section 6).
    const again = await oidc.refreshTokenGrant(config, refreshed.refresh_token!);
    expect(again.scope).toBe('openid profile email offline_access');
  });

  it('refuses a wrong code_verifier with invalid_grant', async () => {
    const { code } = await signIn();
    const res = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: oidc.randomPKCECodeVerifier(),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a missing code_verifier, and a redirect_uri other than the one of the code', async () => {
    const missing = await signIn();
    const res = await tokenRequest({
      grant_type: 'authorization_code',
      code: missing.code,
      redirect_uri: REDIRECT_URI,
    });
    expect(await res.json()).toMatchObject({ error: 'invalid_grant' });
    const other = await signIn();
    const wrongUri = await tokenRequest({
      grant_type: 'authorization_code',
      code: other.code,
      redirect_uri: `${REDIRECT_URI}/x`,
      code_verifier: other.verifier,
    });
    expect(await wrongUri.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses an expired code', async () => {
    const { code, verifier } = await codeFor({}, new Date(Date.now() - 5 * 60_000));
    const res = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a reused code and revokes what its first redemption issued', async () => {
    const signedIn = await signIn();
    const first = await redeem(signedIn);
    const replay = await tokenRequest({
      grant_type: 'authorization_code',
      code: signedIn.code,
      redirect_uri: REDIRECT_URI,
      code_verifier: signedIn.verifier,
    });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
    const refresh = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token! });
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await userinfo(first.access_token)).status).toBe(401);
  });

  it('revokes the whole family when a rotated refresh token comes back', async () => {
    const first = await redeem(await signIn());
    const second = await oidc.refreshTokenGrant(config, first.refresh_token!);
    const reuse = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token! });
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' });
    // The legitimate holder's newer token is refused too: the family is gone.
    const newer = await tokenRequest({ grant_type: 'refresh_token', refresh_token: second.refresh_token! });
    expect(await newer.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it("refuses another client's refresh token and a wider scope on refresh, without using the token up", async () => {
    const tokens = await redeem(await signIn());
    const stolen = await fetch(`${issuer}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token!,
        client_id: poster.clientId,
        client_secret: poster.clientSecret,
      }),
    });
    expect(await stolen.json()).toMatchObject({ error: 'invalid_grant' });
    const wider = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      scope: 'openid admin',
    });
    expect(await wider.json()).toMatchObject({ error: 'invalid_scope' });
    // Neither attempt used the token up.
    expect((await oidc.refreshTokenGrant(config, tokens.refresh_token!)).access_token).toEqual(
      expect.any(String),
    );
  });

  it("refuses tenant A's refresh token and code at tenant B's token endpoint, without using them up", async () => {
    const signedIn = await signIn();
    const atOther = (body: Record<string, string>) =>
      tokenRequest(body, otherPortal, `${otherIssuer}/oauth2/token`);
    const code = await atOther({
      grant_type: 'authorization_code',
      code: signedIn.code,
      redirect_uri: REDIRECT_URI,
      code_verifier: signedIn.verifier,
    });
    expect(code.status).toBe(400);
    expect(await code.json()).toMatchObject({ error: 'invalid_grant' });
    const tokens = await redeem(signedIn);
    const refresh = await atOther({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token! });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
    // At its own tenant the token still works: the other tenant did not even find it.
    expect((await oidc.refreshTokenGrant(config, tokens.refresh_token!)).access_token).toEqual(
      expect.any(String),
    );
  });

  it('ignores unknown parameters at the token endpoint', async () => {
    const extra = { frobnicate: 'yes', claims_locales: 'xx', code_challenge: 'not-for-this-endpoint' };
    const machine = await tokenRequest({ grant_type: 'client_credentials', scope: 'email', ...extra });
    expect(machine.status).toBe(200);
    expect(await machine.json()).toMatchObject({ token_type: 'Bearer', scope: 'email' });
    const signedIn = await signIn();
    const redeemed = await tokenRequest({
      grant_type: 'authorization_code',
      code: signedIn.code,
      redirect_uri: REDIRECT_URI,
      code_verifier: signedIn.verifier,
      ...extra,
    });
    expect(redeemed.status).toBe(200);
    const { refresh_token } = (await redeemed.json()) as { refresh_token: string };
    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token, ...extra });
    expect(refreshed.status).toBe(200);
  });

  it("refuses a token of tenant A at tenant B's UserInfo", async () => {
    const tokens = await redeem(await signIn());
    const res = await userinfo(tokens.access_token, `${otherIssuer}/oauth2/userinfo`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(otherUserId).not.toBe(userId);
  });

  it('refuses alg none and HS256 signed with the public key at UserInfo', async () => {
    const tokens = await redeem(await signIn());
    const [header, payload] = tokens.access_token.split('.') as [string, string];
    const parsed = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string };
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: parsed.kid })).toString('base64url')}.${payload}.`;
    expect((await userinfo(none)).status).toBe(401);
    const jwks = (await (await fetch(`${issuer}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
    const jwk = jwks.keys.find((k) => k.kid === parsed.kid)!;
    const pem = await exportSPKI((await importJWK(jwk, jwk.alg)) as KeyLike);
    const hs256 = await new SignJWT(
      JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>,
    )
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: parsed.kid })
      .sign(new TextEncoder().encode(pem));
    const res = await userinfo(hs256);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('refuses at UserInfo an access token for another audience, and one without openid', async () => {
    const management = await tokenRequest({
      grant_type: 'client_credentials',
      resource: 'urn:idaas:management',
      scope: 'openid',
    });
    expect(management.status).toBe(200);
    const { access_token } = (await management.json()) as { access_token: string };
    expect((await userinfo(access_token)).status).toBe(401);
    const machine = await oidc.clientCredentialsGrant(config, { scope: 'email' });
    const res = await userinfo(machine.access_token);
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope"');
  });

  it('issues client_credentials with client_secret_basic and client_secret_post', async () => {
    const basic = await oidc.clientCredentialsGrant(config, { scope: 'email' });
    expect(basic.token_type).toBe('bearer');
    const postConfig = await oidc.discovery(
      new URL(issuer),
      poster.clientId,
      {},
      oidc.ClientSecretPost(poster.clientSecret),
      { execute: [oidc.allowInsecureRequests] },
    );
    const post = await oidc.clientCredentialsGrant(postConfig, { scope: 'email' });
    expect(post.access_token).toEqual(expect.any(String));
  });

  it('revokes an access token, which introspection then reports inactive', async () => {
    const tokens = await redeem(await signIn());
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(true);
    await oidc.tokenRevocation(config, tokens.access_token);
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
    expect((await userinfo(tokens.access_token)).status).toBe(401);
  });

  it('revokes a refresh token with its family: neither it nor its access token works afterwards', async () => {
    const tokens = await redeem(await signIn());
    await oidc.tokenRevocation(config, tokens.refresh_token!);
    const refresh = await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token! });
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
  });
});
