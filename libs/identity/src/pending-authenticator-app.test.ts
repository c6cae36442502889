import {
  PENDING_AUTHENTICATOR_APP_LIFETIME_SECONDS,
  pendingAuthenticatorAppExpired,
  pendingAuthenticatorAppsExpiredBy,
} from './pending-authenticator-app';

const startedAt = new Date('2030-01-01T12:00:00Z');
const after = (seconds: number) => new Date(startedAt.getTime() + seconds * 1000);

describe('pending authenticator app key', () => {
  it('can be confirmed for ten minutes after it was first shown, up to the last millisecond', () => {
    expect(PENDING_AUTHENTICATOR_APP_LIFETIME_SECONDS).toBe(600);
    expect(pendingAuthenticatorAppExpired(startedAt, startedAt)).toBe(false);
    expect(pendingAuthenticatorAppExpired(startedAt, new Date(after(600).getTime() - 1))).toBe(false);
  });

  it('expires once the lifetime has passed', () => {
    expect(pendingAuthenticatorAppExpired(startedAt, after(600))).toBe(true);
    expect(pendingAuthenticatorAppExpired(startedAt, after(7 * 86_400))).toBe(true);
  });

  it('gives the stores a bound that expires exactly the keys the rule expires', () => {
    for (const seconds of [0, 599, 600, 601, 3600]) {
      const now = after(seconds);
      const byBound = startedAt.getTime() <= pendingAuthenticatorAppsExpiredBy(now).getTime();
      expect(byBound).toBe(pendingAuthenticatorAppExpired(startedAt, now));
    }
  });
});
