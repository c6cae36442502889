import { createRemoteJWKSet, jwtVerify } from 'jose';
import { uniqueRegion } from './support/names';
import { startStack } from './support/stack';
import { eventually } from './support/wait';

type Stack = Awaited<ReturnType<typeof startStack>>;

describe('client_credentials at a region key manager', () => {
  const eu = uniqueRegion('cc');
  let stack: Stack;
  let tenantId: string;
  let otherTenantId: string;
  const slug = `acme-${eu}`;
  const otherSlug = `other-${eu}`;
  let client: { clientId: string; clientSecret: string };
  let tokenUrl: string;

  const basic = (id: string, secret: string) =>
    `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  const token = (body: Record<string, string>, headers: Record<string, string> = {}, url = tokenUrl) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(body).toString(),
    });

  beforeAll(async () => {
    stack = await startStack([eu], `mgmt_${eu}`);
    tenantId = await stack.createTenant(slug, eu);
    otherTenantId = await stack.createTenant(otherSlug, eu);
    const registered = await stack.admin<{ clientId: string; clientSecret: string }>(
      `/admin/tenants/${tenantId}/applications`,
      'POST',
      { name: 'Reports job', kind: 'm2m', scopes: ['reports:read', 'reports:write'] },
    );
    expect(registered.status).toBe(201);
    client = registered.body;
    tokenUrl = `${stack.authentication[eu]!.url}/t/${slug}/oauth2/token`;
    // The application reaches the region's replica through the broker.
    await eventually(
      async () =>
        (
          await token(
            { grant_type: 'client_credentials' },
            { authorization: basic(client.clientId, client.clientSecret) },
          )
        ).ok,
      { what: 'the client to be usable in the region' },
    );
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('issues an RFC 9068 access token with client_secret_basic that verifies against the JWKS', async () => {
    const res = await token(
      { grant_type: 'client_credentials', scope: 'reports:read' },
      { authorization: basic(client.clientId, client.clientSecret) },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as {
      access_token: string;
      token_type: string;
      expires_in: number;
      scope: string;
    };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 600, scope: 'reports:read' });
    const issuer = `${stack.authentication[eu]!.url}/t/${slug}`;
    const metadata = (await (
      await fetch(`${issuer}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, string>;
    expect(metadata.issuer).toBe(issuer);
    const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri!));
    const { payload, protectedHeader } = await jwtVerify(body.access_token, jwks, {
      issuer,
      audience: issuer,
      typ: 'at+jwt',
    });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: `${eu}.${slug}.es256.1` });
    expect(payload).toMatchObject({
      sub: client.clientId,
      client_id: client.clientId,
      scope: 'reports:read',
      tenant: tenantId,
      region: eu,
    });
    expect(payload.jti).toBeTruthy();
  });

  it('accepts client_secret_post only when the client registered it', async () => {
    const res = await token({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: 'invalid_client',
      error_description: 'Client authentication failed.',
    });
  });

  it.each([
    [
      'a wrong secret',
      () => ({ authorization: basic(client.clientId, `${client.clientSecret}x`) }),
      {},
      401,
      'invalid_client',
    ],
    ['an unknown client', () => ({ authorization: basic('nobody', 'nothing') }), {}, 401, 'invalid_client'],
    ['no client authentication', () => ({}), {}, 401, 'invalid_client'],
    [
      'an unsupported grant',
      () => ({ authorization: basic(client.clientId, client.clientSecret) }),
      { grant_type: 'password' },
      400,
      'unsupported_grant_type',
    ],
    [
      'a scope it was not granted',
      () => ({ authorization: basic(client.clientId, client.clientSecret) }),
      { scope: 'admin' },
      400,
      'invalid_scope',
    ],
    [
      'a missing grant_type',
      () => ({ authorization: basic(client.clientId, client.clientSecret) }),
      { grant_type: '' },
      400,
      'invalid_request',
    ],
  ])('refuses %s with the OAuth error', async (_name, headers, extra, status, error) => {
    const res = await token({ grant_type: 'client_credentials', ...extra }, headers());
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toBe(error);
  });

  it("does not know tenant A's client at tenant B's token endpoint", async () => {
    const other = `${stack.authentication[eu]!.url}/t/${otherSlug}/oauth2/token`;
    const res = await token(
      { grant_type: 'client_credentials' },
      { authorization: basic(client.clientId, client.clientSecret) },
      other,
    );
    expect(res.status).toBe(401);
    expect(otherTenantId).not.toBe(tenantId);
  });

  it('keeps the old secret working through the rotation overlap, and the new one at once', async () => {
    const rotated = await stack.admin<{ clientSecret: string }>(
      `/admin/tenants/${tenantId}/applications/${client.clientId}/secret`,
      'POST',
      {
        overlapSeconds: 3600,
      },
    );
    expect(rotated.status).toBe(200);
    await eventually(
      async () =>
        (
          await token(
            { grant_type: 'client_credentials' },
            { authorization: basic(client.clientId, rotated.body.clientSecret) },
          )
        ).ok,
      { what: 'the new secret in the region' },
    );
    const old = await token(
      { grant_type: 'client_credentials' },
      { authorization: basic(client.clientId, client.clientSecret) },
    );
    expect(old.status).toBe(200);
  });

  it('stops issuing tokens for a suspended tenant', async () => {
    const m2m = await stack.admin<{ clientId: string; clientSecret: string }>(
      `/admin/tenants/${otherTenantId}/applications`,
      'POST',
      {
        name: 'Other job',
        kind: 'm2m',
      },
    );
    expect(m2m.status).toBe(201);
    const other = `${stack.authentication[eu]!.url}/t/${otherSlug}/oauth2/token`;
    const ask = () =>
      token(
        { grant_type: 'client_credentials' },
        { authorization: basic(m2m.body.clientId, m2m.body.clientSecret) },
        other,
      );
    await eventually(async () => (await ask()).ok, { what: 'the other tenant client in the region' });

    expect((await stack.admin(`/admin/tenants/${otherTenantId}/suspend`, 'POST')).status).toBe(200);
    const refused = await eventually(
      async () => {
        const res = await ask();
        return res.status === 400 ? res : undefined;
      },
      { what: 'the suspension in the region' },
    );
    expect(((await refused.json()) as { error: string }).error).toBe('invalid_request');
  });
});
