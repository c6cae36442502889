import { hashSecret } from '@idaas/crypto';
import {
  deleteApplication,
  InvalidApplicationError,
  reconfigureApplication,
  registerApplication,
  rotateSecret,
  type ApplicationSettings,
} from './application';

const now = new Date('2026-03-01T00:00:00Z');
const later = (s: number) => new Date(now.getTime() + s * 1000);
const web: ApplicationSettings = { name: 'Portal', kind: 'web', redirectUris: ['https://portal.example/cb'] };

function problemsOf(settings: ApplicationSettings): string[] {
  try {
    registerApplication('t1', settings, now);
    return [];
  } catch (e) {
    if (!(e instanceof InvalidApplicationError)) throw e;
    return e.problems.map((p) => `${p.field}: ${p.message}`);
  }
}

describe('registerApplication', () => {
  it('makes a confidential web client with a secret shown once and stored only as a hash', () => {
    const { application, clientSecret, events } = registerApplication('t1', web, now);
    expect(application).toMatchObject({
      confidential: true,
      tokenEndpointAuthMethod: 'client_secret_basic',
      grantTypes: ['authorization_code', 'refresh_token'],
      idTokenSigningAlg: 'RS256',
      accessTokenSigningAlg: 'ES256',
    });
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(application.secrets[0]?.sha256).toBe(hashSecret(clientSecret!));
    const serialized = JSON.stringify(events);
    expect(serialized).not.toContain(clientSecret);
    expect(events[0]?.data).toMatchObject({ secretVerifiers: [{ sha256: hashSecret(clientSecret!) }] });
  });

  it('makes public SPA and native clients without a secret', () => {
    const spa = registerApplication(
      't1',
      { name: 'SPA', kind: 'spa', redirectUris: ['https://app.example/'] },
      now,
    );
    expect(spa.clientSecret).toBeUndefined();
    expect(spa.application).toMatchObject({ confidential: false, tokenEndpointAuthMethod: 'none' });
  });

  it('defaults machine-to-machine clients to client_credentials without redirect URIs', () => {
    const m2m = registerApplication('t1', { name: 'Batch', kind: 'm2m' }, now);
    expect(m2m.application.grantTypes).toEqual(['client_credentials']);
    expect(m2m.clientSecret).toBeDefined();
  });

  it.each([
    ['relative', 'web', '/cb', 'must be an absolute URI'],
    ['fragment', 'web', 'https://a.example/cb#x', 'must not contain a fragment'],
    ['plain http for web', 'web', 'http://a.example/cb', 'must use https'],
    ['http loopback for web', 'web', 'http://127.0.0.1:8080/cb', 'must use https'],
    ['localhost name for native', 'native', 'http://localhost:8080/cb', 'loopback IP'],
    ['custom scheme not reverse-domain', 'native', 'myapp:/cb', 'private-use scheme'],
  ] as const)('refuses a %s redirect URI', (_n, kind, uri, message) => {
    expect(problemsOf({ name: 'x', kind, redirectUris: [uri] })).toEqual([expect.stringContaining(message)]);
  });

  it.each([
    ['http://127.0.0.1:53682/callback'],
    ['http://[::1]/cb'],
    ['com.example.app:/oauth2redirect'],
    ['https://app.example/cb'],
  ])('accepts the native redirect URI %s', (uri) => {
    expect(problemsOf({ name: 'x', kind: 'native', redirectUris: [uri] })).toEqual([]);
  });

  it('lets native and web applications use the device grant (RFC 8628), without redirect URIs', () => {
    const device = 'urn:ietf:params:oauth:grant-type:device_code' as const;
    expect(problemsOf({ name: 'TV', kind: 'native', grantTypes: [device, 'refresh_token'] })).toEqual([]);
    expect(problemsOf({ name: 'CLI', kind: 'web', grantTypes: [device] })).toEqual([]);
    expect(problemsOf({ name: 'Job', kind: 'm2m', grantTypes: ['client_credentials', device] })).toEqual([
      'body.grantTypes: machine-to-machine applications use client_credentials only',
    ]);
    expect(problemsOf({ name: 'x', kind: 'native', grantTypes: ['refresh_token'] })).toEqual([
      'body.grantTypes: refresh_token needs authorization_code or the device_code grant',
    ]);
  });

  it('names each rule broken, field by field', () => {
    expect(
      problemsOf({
        name: 'x',
        kind: 'spa',
        grantTypes: ['client_credentials'],
        tokenEndpointAuthMethod: 'client_secret_post',
      }),
    ).toEqual([
      'body.grantTypes: client_credentials needs a confidential application (web or m2m)',
      'body.tokenEndpointAuthMethod: public applications (spa, native) cannot keep a secret: use none with PKCE',
    ]);
    expect(problemsOf({ name: 'x', kind: 'web', grantTypes: ['authorization_code'] })).toEqual([
      'body.redirectUris: at least one redirect URI is required for authorization_code',
    ]);
    expect(problemsOf({ ...web, tokenEndpointAuthMethod: 'private_key_jwt' })).toEqual([
      'body.jwks: private_key_jwt needs exactly one of jwks or jwksUri',
    ]);
    expect(problemsOf({ ...web, scopes: ['openid', 'bad scope'] })).toEqual([
      'body.scopes.1: is not a valid scope token',
    ]);
  });
});

describe('rotateSecret', () => {
  it('issues a new secret and keeps the old one only for the overlap window', () => {
    const created = registerApplication('t1', web, now);
    const rotated = rotateSecret(created.application, 3600, later(10));
    expect(rotated.clientSecret).not.toBe(created.clientSecret);
    expect(rotated.application.secrets).toHaveLength(2);
    expect(rotated.application.secrets[0]?.expiresAt).toEqual(later(3610));
    expect(rotated.events[0]?.data).toMatchObject({
      secretVerifiers: [{ expiresAt: later(3610).toISOString() }, {}],
    });
    // After the window the old secret is gone from what regions see, and the next rotation drops it.
    const again = rotateSecret(rotated.application, 60, later(4000));
    expect(again.application.secrets.map((s) => s.sha256)).toEqual([
      hashSecret(rotated.clientSecret!),
      hashSecret(again.clientSecret!),
    ]);
  });

  it('refuses to rotate for a public client', () => {
    const spa = registerApplication(
      't1',
      { name: 'SPA', kind: 'spa', redirectUris: ['https://a.example/'] },
      now,
    );
    expect(() => rotateSecret(spa.application, 60, now)).toThrow(InvalidApplicationError);
  });
});

describe('reconfigure and delete', () => {
  it('bumps the version, keeps secrets, and refuses to change the kind', () => {
    const created = registerApplication('t1', web, now);
    const changed = reconfigureApplication(created.application, { ...web, name: 'Portal 2' }, later(1));
    expect(changed.application).toMatchObject({
      name: 'Portal 2',
      version: 2,
      secrets: created.application.secrets,
    });
    expect(() => reconfigureApplication(created.application, { ...web, kind: 'spa' }, later(1))).toThrow(
      /body.kind/,
    );
    const deleted = deleteApplication(changed.application, later(2));
    expect(deleted.application).toMatchObject({ status: 'deleted', version: 3, secrets: [] });
    expect(deleted.events[0]?.data).toMatchObject({ status: 'deleted', secretVerifiers: [] });
  });
});
