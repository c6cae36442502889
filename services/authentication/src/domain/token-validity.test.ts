import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { validAccessToken } from './token-validity';

describe('access token validity at a tenant', () => {
  const now = new Date('2024-05-01T10:00:00Z');
  const iat = Math.floor(now.getTime() / 1000);
  let publicJwk: JWK;
  let sign: (claims: Record<string, unknown>, exp: number) => Promise<string>;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    publicJwk = { ...(await exportJWK(publicKey)), kid: 'eu.acme.es256.1', alg: 'ES256', use: 'sig' };
    sign = (claims, exp) =>
      new SignJWT({ client_id: 'c1', scope: 'a b', tenant: 'tenant-a', region: 'eu', ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: 'eu.acme.es256.1', typ: 'at+jwt' })
        .setIssuer('https://eu/t/acme')
        .setSubject('c1')
        .setAudience('https://api.acme.test')
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .setJti('jti-1')
        .sign(privateKey);
  });

  const ctx = (over: Partial<Parameters<typeof validAccessToken>[1]> = {}) => ({
    tenantId: 'tenant-a',
    keyFor: (kid: string) => (kid === 'eu.acme.es256.1' ? { tenantId: 'tenant-a', publicJwk } : undefined),
    isRevoked: async () => false,
    now,
    ...over,
  });

  it('is valid with its claims until it expires, then not', async () => {
    const token = await sign({}, iat + 600);
    const valid = await validAccessToken(token, ctx());
    expect(valid).toMatchObject({ clientId: 'c1', scope: 'a b', region: 'eu', claims: { jti: 'jti-1' } });
    expect(
      await validAccessToken(token, ctx({ now: new Date(now.getTime() + 601_000 + 5_000) })),
    ).toBeUndefined();
  });

  it('is not valid at another tenant, when revoked, or with a key of another tenant', async () => {
    const token = await sign({}, iat + 600);
    expect(await validAccessToken(token, ctx({ tenantId: 'tenant-b' }))).toBeUndefined();
    expect(await validAccessToken(token, ctx({ isRevoked: async (jti) => jti === 'jti-1' }))).toBeUndefined();
    const lying = await sign({ tenant: 'tenant-b' }, iat + 600);
    expect(await validAccessToken(lying, ctx())).toBeUndefined();
  });

  it('is not valid unsigned or with garbage', async () => {
    const token = await sign({}, iat + 600);
    const [h, p] = token.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'eu.acme.es256.1', typ: 'at+jwt' })).toString('base64url')}.${p}.`;
    expect(await validAccessToken(none, ctx())).toBeUndefined();
    expect(await validAccessToken(`${h}.${p}.AAAA`, ctx())).toBeUndefined();
    expect(await validAccessToken('not-a-jwt', ctx())).toBeUndefined();
  });
});
