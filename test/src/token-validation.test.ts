import { randomUUID } from 'node:crypto';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type JWK,
  type KeyLike,
} from 'jose';
import { uniqueRegion } from './support/names';
import { basicAuth, startStack } from './support/stack';
import { eventually } from './support/wait';

type Stack = Awaited<ReturnType<typeof startStack>>;
interface Client {
  clientId: string;
  clientSecret: string;
}
type Introspection = Record<string, unknown> & { active: boolean };

describe('token validation plane: introspection, revocation, key rotation, private_key_jwt', () => {
  const eu = uniqueRegion('tv');
  const us = uniqueRegion('tu');
  const slug = `acme-${eu}`;
  const otherSlug = `other-${eu}`;
  let stack: Stack;
  let tenantId: string;
  let reports: Client;
  let billing: Client;
  let otherTenantClient: Client;

  const url = (region: string, tenant = slug) => `${stack.authentication[region]!.url}/t/${tenant}`;
  const post = (to: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(to, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(body).toString(),
    });
  const issue = async (client: Client, region = eu): Promise<string> => {
    const res = await post(
      `${url(region)}/oauth2/token`,
      { grant_type: 'client_credentials' },
      { authorization: basicAuth(client.clientId, client.clientSecret) },
    );
    expect(res.status).toBe(200);
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const introspect = async (
    token: string,
    region: string,
    client: Client = reports,
    tenant = slug,
  ): Promise<Introspection> => {
    const res = await post(
      `${url(region, tenant)}/oauth2/introspect`,
      { token },
      { authorization: basicAuth(client.clientId, client.clientSecret) },
    );
    expect(res.status).toBe(200);
    return (await res.json()) as Introspection;
  };
  const activeIn = (token: string, region: string) =>
    eventually(async () => (await introspect(token, region)).active, {
      what: `the token to be active in ${region}`,
    });
  const register = async (tenant: string, body: Record<string, unknown>) => {
    const res = await stack.admin<Client>(`/admin/tenants/${tenant}/applications`, 'POST', body);
    expect(res.status).toBe(201);
    return res.body;
  };
  /** The client is known to every region once introspection authenticates it there. */
  const usableEverywhere = async (client: Client, tenant = slug) => {
    for (const region of [eu, us]) {
      await eventually(
        async () =>
          (
            await post(
              `${url(region, tenant)}/oauth2/introspect`,
              { token: 'x' },
              { authorization: basicAuth(client.clientId, client.clientSecret) },
            )
          ).status === 200,
        { what: `the client in ${region}` },
      );
    }
  };

  beforeAll(async () => {
    stack = await startStack([eu, us], `mgmt_${eu}`);
    tenantId = await stack.createTenant(slug, eu);
    const otherTenantId = await stack.createTenant(otherSlug, eu);
    reports = await register(tenantId, { name: 'Reports job', kind: 'm2m', scopes: ['reports:read'] });
    billing = await register(tenantId, { name: 'Billing job', kind: 'm2m' });
    otherTenantClient = await register(otherTenantId, { name: 'Other job', kind: 'm2m' });
    await usableEverywhere(reports);
    await usableEverywhere(billing);
    await usableEverywhere(otherTenantClient, otherSlug);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('lists introspection, revocation and private_key_jwt in the metadata', async () => {
    const metadata = (await (
      await fetch(`${url(eu)}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      introspection_endpoint: `${url(eu)}/oauth2/introspect`,
      revocation_endpoint: `${url(eu)}/oauth2/revoke`,
    });
    expect(metadata.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    expect(metadata.token_endpoint_auth_signing_alg_values_supported).toContain('ES256');
  });

  it('introspects a token issued in eu as active in us, and inactive at another tenant', async () => {
    const token = await issue(reports);
    await activeIn(token, eu);
    const there = await activeIn(token, us).then(() => introspect(token, us));
    expect(there).toMatchObject({
      active: true,
      client_id: reports.clientId,
      sub: reports.clientId,
      scope: 'reports:read',
      iss: url(eu),
      aud: url(eu),
      token_type: 'Bearer',
      tenant: tenantId,
      region: eu,
    });
    expect(typeof there.exp).toBe('number');
    expect(typeof there.jti).toBe('string');
    expect(await introspect(token, eu, otherTenantClient, otherSlug)).toEqual({ active: false });
  });

  it('answers inactive for a tampered token, alg none, and HS256 keyed with the public key', async () => {
    const token = await issue(reports);
    await activeIn(token, eu);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, scope: 'reports:read admin' })).toString(
      'base64url',
    );
    expect(await introspect(`${header}.${forged}.${signature}`, eu)).toEqual({ active: false });

    const { kid } = decodeProtectedHeader(token);
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid, typ: 'at+jwt' })).toString('base64url');
    expect(await introspect(`${none}.${payload}.`, eu)).toEqual({ active: false });

    const jwks = (await (await fetch(`${url(eu)}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
    const publicJwk = jwks.keys.find((k) => k.kid === kid)!;
    const pem = await exportSPKI((await importJWK(publicJwk, publicJwk.alg)) as KeyLike);
    const hs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid, typ: 'at+jwt' })
      .sign(new TextEncoder().encode(pem));
    expect(await introspect(hs256, eu)).toEqual({ active: false });
    expect(await introspect('not-a-token', eu)).toEqual({ active: false });
  });

  it('requires client authentication to introspect', async () => {
    const res = await post(`${url(eu)}/oauth2/introspect`, { token: 'x' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_client');
  });

  it('revokes in eu: inactive there at once and in us through the broker; only by its own client', async () => {
    const token = await issue(reports);
    await activeIn(token, eu);
    await activeIn(token, us);
    const revoke = (client: Client, t: string) =>
      post(
        `${url(eu)}/oauth2/revoke`,
        { token: t },
        { authorization: basicAuth(client.clientId, client.clientSecret) },
      );

    const foreign = await revoke(billing, token);
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as { error: string }).error).toBe('invalid_request');
    expect((await introspect(token, eu)).active).toBe(true);

    expect((await revoke(reports, token)).status).toBe(200);
    expect(await introspect(token, eu)).toEqual({ active: false });
    await eventually(async () => !(await introspect(token, us)).active, {
      what: 'the revocation to reach us',
    });
    // RFC 7009 section 2.2: unknown, invalid and already revoked tokens get 200 as well.
    expect((await revoke(reports, token)).status).toBe(200);
    expect((await revoke(reports, 'garbage')).status).toBe(200);
  });

  it('rotates on demand: old tokens keep verifying, new ones carry the next kid, the JWKS lists both', async () => {
    const before = await issue(reports);
    await activeIn(before, eu);
    const oldKid = decodeProtectedHeader(before).kid;
    const rotateUrl = `${stack.authentication[eu]!.url}/admin/tenants/${tenantId}/signing-keys/rotate`;

    expect((await fetch(rotateUrl, { method: 'POST' })).status).toBe(401);
    const unknown = await fetch(
      `${stack.authentication[eu]!.url}/admin/tenants/${randomUUID()}/signing-keys/rotate`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.operatorToken}` },
      },
    );
    expect(unknown.status).toBe(404);

    const res = await fetch(rotateUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.operatorToken}` },
    });
    expect(res.status).toBe(200);
    const newKid = `${eu}.${slug}.es256.2`;
    expect(await res.json()).toEqual({ rotated: [{ alg: 'ES256', kid: newKid, previousKid: oldKid }] });

    const after = await issue(reports);
    expect(decodeProtectedHeader(after).kid).toBe(newKid);
    const jwks = (await (await fetch(`${url(eu)}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    const keySet = createLocalJWKSet(jwks as { keys: JWK[] });
    await expect(jwtVerify(before, keySet, { typ: 'at+jwt' })).resolves.toBeTruthy();
    await expect(jwtVerify(after, keySet, { typ: 'at+jwt' })).resolves.toBeTruthy();
    expect((await introspect(before, eu)).active).toBe(true);
    await activeIn(after, eu);
    await activeIn(after, us);
  });

  describe('private_key_jwt', () => {
    let clientId: string;
    let privateKey: KeyLike;
    let strangerKey: KeyLike;
    const tokenUrl = () => `${url(eu)}/oauth2/token`;
    const assertion = (
      over: { aud?: string; exp?: number; key?: KeyLike; jti?: string } = {},
    ): Promise<string> => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'job-key-1' })
        .setIssuer(clientId)
        .setSubject(clientId)
        .setAudience(over.aud ?? tokenUrl())
        .setIssuedAt(now)
        .setExpirationTime(over.exp ?? now + 60)
        .setJti(over.jti ?? randomUUID())
        .sign(over.key ?? privateKey);
    };
    const withAssertion = (a: string) =>
      post(tokenUrl(), {
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: a,
      });

    beforeAll(async () => {
      const pair = await generateKeyPair('ES256', { extractable: true });
      privateKey = pair.privateKey;
      strangerKey = (await generateKeyPair('ES256')).privateKey;
      const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'job-key-1', alg: 'ES256', use: 'sig' };
      const registered = await register(tenantId, {
        name: 'Signed job',
        kind: 'm2m',
        scopes: ['reports:read'],
        tokenEndpointAuthMethod: 'private_key_jwt',
        jwks: { keys: [publicJwk] },
      });
      clientId = registered.clientId;
      await eventually(async () => (await withAssertion(await assertion())).ok, {
        what: 'the private_key_jwt client in the region',
      });
    });

    it('issues a token for a signed assertion, once: a replay is invalid_client', async () => {
      const a = await assertion();
      const first = await withAssertion(a);
      expect(first.status).toBe(200);
      const { access_token } = (await first.json()) as { access_token: string };
      await activeIn(access_token, eu);
      const replay = await withAssertion(a);
      expect(replay.status).toBe(401);
      expect(((await replay.json()) as { error: string }).error).toBe('invalid_client');
    });

    it('accepts the issuer as audience', async () => {
      expect((await withAssertion(await assertion({ aud: url(eu) }))).status).toBe(200);
    });

    it.each([
      ['a wrong audience', () => assertion({ aud: `${url(us)}/oauth2/token` })],
      ['an expired assertion', () => assertion({ exp: Math.floor(Date.now() / 1000) - 120 })],
      ['an assertion valid for an hour', () => assertion({ exp: Math.floor(Date.now() / 1000) + 3600 })],
      ['an assertion signed by another key', () => assertion({ key: strangerKey })],
    ])('refuses %s with invalid_client', async (_name, make) => {
      const res = await withAssertion(await make());
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: string }).error).toBe('invalid_client');
    });
  });
});
