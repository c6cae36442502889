import { createHash } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify } from 'jose';
import type { User } from '@idaas/identity';
import { accessTokenHash, signIdToken } from './id-token';
import { userClaims } from './user-claims';

const user: User = {
  userId: 'u1',
  tenantId: 't1',
  email: 'Ada@Example.com',
  emailNormalized: 'ada@example.com',
  emailVerified: true,
  profile: { name: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace', locale: 'en-GB' },
  state: 'active',
  failedAttempts: 0,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  version: 1,
};

describe('userClaims', () => {
  it('releases profile and email claims only with their scopes', () => {
    expect(userClaims(user, ['openid'])).toEqual({ sub: 'u1' });
    expect(userClaims(user, ['openid', 'email'])).toEqual({
      sub: 'u1',
      email: 'Ada@Example.com',
      email_verified: true,
    });
    expect(userClaims(user, ['openid', 'profile'])).toEqual({
      sub: 'u1',
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      locale: 'en-GB',
    });
  });

  it('adds roles and permissions only when the user holds some', () => {
    expect(userClaims(user, ['openid'], { roles: [], permissions: [] })).toEqual({ sub: 'u1' });
    expect(userClaims(user, ['openid'], { roles: ['approver'], permissions: ['invoices:approve'] })).toEqual({
      sub: 'u1',
      roles: ['approver'],
      permissions: ['invoices:approve'],
    });
  });
});

describe('signIdToken', () => {
  it('signs the OpenID Connect claims with at_hash of the access token, verifiable with the public key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const now = new Date('2030-01-01T00:00:00Z');
    const token = await signIdToken(
      {
        issuer: 'https://eu.example/t/acme',
        clientId: 'client-1',
        user: userClaims(user, ['openid', 'email']),
        authTime: new Date('2029-12-31T23:59:00Z'),
        sessionId: 's1',
        amr: ['pwd'],
        nonce: 'n-0S6_WzA2Mj',
        accessToken: 'the-access-token',
        ttlSeconds: 300,
      },
      { kid: 'eu.acme.rs256.1', alg: 'RS256', privateKey },
      now,
    );
    const key = await importJWK(await exportJWK(publicKey), 'RS256');
    const { payload } = await jwtVerify(token, key, {
      issuer: 'https://eu.example/t/acme',
      audience: 'client-1',
      currentDate: now,
    });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', kid: 'eu.acme.rs256.1', typ: 'JWT' });
    expect(payload).toMatchObject({
      sub: 'u1',
      azp: 'client-1',
      email: 'Ada@Example.com',
      nonce: 'n-0S6_WzA2Mj',
      sid: 's1',
      amr: ['pwd'],
      auth_time: Date.parse('2029-12-31T23:59:00Z') / 1000,
      exp: now.getTime() / 1000 + 300,
    });
    expect(decodeJwt(token).at_hash).toBe(
      createHash('sha256').update('the-access-token').digest().subarray(0, 16).toString('base64url'),
    );
    expect(decodeJwt(token)).not.toHaveProperty('acr');
  });

  it('hashes with SHA-512 for EdDSA', () => {
    expect(accessTokenHash('x', 'EdDSA')).toBe(
      createHash('sha512').update('x').digest().subarray(0, 32).toString('base64url'),
    );
  });
});
