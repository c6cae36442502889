import { BACKCHANNEL_LOGOUT_EVENT, LOGOUT_TOKEN_TTL_SECONDS, logoutTokenClaims } from './logout-token';

describe('logoutTokenClaims', () => {
  const now = new Date('2026-03-01T10:00:00.900Z');
  const claims = logoutTokenClaims(
    { issuer: 'https://id.example/t/acme', clientId: 'app-1', userId: 'user-1', sessionId: 'sid-1' },
    now,
    'jti-1',
  );

  it('names the issuer, the one application, the user and the session', () => {
    expect(claims).toMatchObject({
      iss: 'https://id.example/t/acme',
      aud: 'app-1',
      sub: 'user-1',
      sid: 'sid-1',
      jti: 'jti-1',
    });
  });

  it('lives two minutes from a whole-second iat', () => {
    expect(claims.iat).toBe(Math.floor(now.getTime() / 1000));
    expect(claims.exp).toBe((claims.iat as number) + LOGOUT_TOKEN_TTL_SECONDS);
    expect(LOGOUT_TOKEN_TTL_SECONDS).toBeLessThanOrEqual(120);
  });

  it('carries the back-channel logout event and never a nonce', () => {
    expect(claims.events).toEqual({ [BACKCHANNEL_LOGOUT_EVENT]: {} });
    expect(claims).not.toHaveProperty('nonce');
  });

  it('makes a fresh jti per token unless one is given', () => {
    const who = { issuer: 'i', clientId: 'c', userId: 'u', sessionId: 's' };
    expect(logoutTokenClaims(who, now).jti).not.toBe(logoutTokenClaims(who, now).jti);
  });
});
