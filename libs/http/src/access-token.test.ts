import { createHmac } from 'node:crypto';
import type { Request } from 'express';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { HttpError } from './errors';
import { verifyAccessToken, type TrustedKey } from './access-token';

const AUD = 'urn:idaas:management';
const now = new Date();
let privateKey: KeyLike;
let publicJwk: JWK;
const keys = new Map<string, TrustedKey>();
const policy = { keyFor: (kid: string) => keys.get(kid), audience: AUD };
const req = (token?: string) =>
  ({
    header: (n: string) => (n === 'authorization' && token ? `Bearer ${token}` : undefined),
  }) as unknown as Request;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'eu.acme.es256.1', alg: 'ES256', use: 'sig' };
  keys.set('eu.acme.es256.1', { tenantId: 'tenant-a', publicJwk });
});

function token(
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
  exp = Math.floor(now.getTime() / 1000) + 60,
) {
  const { aud = AUD, ...rest } = claims;
  return new SignJWT({ client_id: 'c1', tenant: 'tenant-a', scope: 'tenants:read', ...rest })
    .setProtectedHeader({ alg: 'ES256', kid: 'eu.acme.es256.1', typ: 'at+jwt', ...header })
    .setSubject('c1')
    .setAudience(aud as string)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(privateKey);
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function status(t?: string): Promise<number> {
  try {
    await verifyAccessToken(req(t), policy);
    return 200;
  } catch (e) {
    return (e as HttpError).status;
  }
}

describe('verifyAccessToken', () => {
  it('accepts a token signed by a published key for its own tenant', async () => {
    const verified = await verifyAccessToken(req(await token()), policy);
    expect(verified).toMatchObject({ tenantId: 'tenant-a', clientId: 'c1' });
    expect([...verified.scopes]).toEqual(['tenants:read']);
  });

  it('refuses a missing, expired, other-audience, wrong-typ or other-tenant token with 401', async () => {
    expect(await status()).toBe(401);
    expect(await status(await token({}, {}, Math.floor(now.getTime() / 1000) - 60))).toBe(401);
    expect(await status(await token({ aud: 'https://elsewhere.example' }))).toBe(401);
    expect(await status(await token({}, { typ: 'JWT' }))).toBe(401);
    expect(await status(await token({ tenant: 'tenant-b' }))).toBe(401);
    expect(await status(await token({}, { kid: 'unknown' }))).toBe(401);
    expect(await status('garbage')).toBe(401);
  });

  it('refuses alg none and HS256 signed with the public key', async () => {
    const claims = {
      sub: 'c1',
      client_id: 'c1',
      tenant: 'tenant-a',
      aud: AUD,
      iat: 1,
      exp: 4102444800,
      scope: 'tenants:write',
    };
    const none = `${b64({ alg: 'none', kid: 'eu.acme.es256.1', typ: 'at+jwt' })}.${b64(claims)}.`;
    expect(await status(none)).toBe(401);
    const head = `${b64({ alg: 'HS256', kid: 'eu.acme.es256.1', typ: 'at+jwt' })}.${b64(claims)}`;
    const hs = createHmac('sha256', JSON.stringify(publicJwk)).update(head).digest('base64url');
    expect(await status(`${head}.${hs}`)).toBe(401);
  });
});
