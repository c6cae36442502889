import { assertionClaimProblem, MAX_ASSERTION_LIFETIME_SECONDS } from './assertion-claims';

describe('client assertion claims (RFC 7523 section 3)', () => {
  const now = new Date('2024-05-01T10:00:00Z');
  const t = Math.floor(now.getTime() / 1000);
  const issuer = 'https://eu.example.com/t/acme';
  const expected = { clientId: 'client-1', audiences: [issuer, `${issuer}/oauth2/token`], now };
  const good = {
    iss: 'client-1',
    sub: 'client-1',
    aud: `${issuer}/oauth2/token`,
    exp: t + 60,
    iat: t,
    jti: 'a1',
  };

  it('accepts a short-lived assertion of the client for this issuer or its token endpoint', () => {
    expect(assertionClaimProblem(good, expected)).toBeUndefined();
    expect(assertionClaimProblem({ ...good, aud: ['other', issuer] }, expected)).toBeUndefined();
  });

  it.each([
    ['another issuer', { iss: 'client-2' }, 'iss and sub'],
    ['another subject', { sub: 'client-2' }, 'iss and sub'],
    ['a foreign audience', { aud: 'https://us.example.com/t/acme' }, 'aud'],
    ['no exp', { exp: undefined }, 'exp is required'],
    ['an expired one', { exp: t - 10 }, 'expired'],
    ['one valid too long', { exp: t + MAX_ASSERTION_LIFETIME_SECONDS + 60 }, 'at most'],
    ['no jti', { jti: undefined }, 'jti'],
    ['an iat in the future', { iat: t + 600 }, 'iat'],
  ])('refuses %s', (_name, change, problem) => {
    expect(assertionClaimProblem({ ...good, ...change }, expected)).toContain(problem);
  });
});
