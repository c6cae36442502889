import { ACR_MFA, ACR_PASSWORD } from './mfa';
import { hasRecentSecondFactor, RECENT_SECOND_FACTOR_SECONDS } from './recent-second-factor';

const now = new Date('2030-01-01T12:00:00Z');
const secondsAgo = (s: number) => Math.floor(now.getTime() / 1000) - s;

describe('hasRecentSecondFactor', () => {
  it('accepts a second factor within the window, up to its last second', () => {
    expect(hasRecentSecondFactor({ auth_time: secondsAgo(60), amr: ['pwd', 'otp', 'mfa'] }, now)).toBe(true);
    expect(
      hasRecentSecondFactor({ auth_time: secondsAgo(RECENT_SECOND_FACTOR_SECONDS), acr: ACR_MFA }, now),
    ).toBe(true);
  });

  it('refuses an old second factor, a password alone, and a token without auth_time', () => {
    expect(
      hasRecentSecondFactor({ auth_time: secondsAgo(RECENT_SECOND_FACTOR_SECONDS + 1), acr: ACR_MFA }, now),
    ).toBe(false);
    expect(hasRecentSecondFactor({ auth_time: secondsAgo(10), amr: ['pwd'], acr: ACR_PASSWORD }, now)).toBe(
      false,
    );
    expect(hasRecentSecondFactor({ amr: ['pwd', 'otp', 'mfa'], acr: ACR_MFA }, now)).toBe(false);
    expect(hasRecentSecondFactor({ auth_time: String(secondsAgo(10)), acr: ACR_MFA }, now)).toBe(false);
  });
});
