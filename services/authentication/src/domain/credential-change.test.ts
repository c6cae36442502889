import { credentialChangeRefusal } from './credential-change';

const now = new Date('2025-03-01T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe('credentialChangeRefusal', () => {
  it('lets a user with a second factor change credentials within 15 minutes of using it', () => {
    const session = { authTime: minutesAgo(15), amr: ['pwd', 'otp', 'mfa'] };
    expect(credentialChangeRefusal(session, true, now)).toBeUndefined();
  });

  it('asks a user with a second factor for it again after 15 minutes', () => {
    const session = { authTime: minutesAgo(16), amr: ['hwk', 'user', 'mfa'] };
    expect(credentialChangeRefusal(session, true, now)).toBe('second_factor_needed');
  });

  it('asks a user with a second factor for it when the session signed in with the password alone', () => {
    const session = { authTime: minutesAgo(1), amr: ['pwd'] };
    expect(credentialChangeRefusal(session, true, now)).toBe('second_factor_needed');
  });

  it('lets a session that set up the second factor itself go on within 15 minutes of its sign-in, not after', () => {
    const fresh = { authTime: minutesAgo(14), amr: ['pwd'], secondFactorSetUp: true };
    expect(credentialChangeRefusal(fresh, true, now)).toBeUndefined();
    const stale = { authTime: minutesAgo(16), amr: ['pwd'], secondFactorSetUp: true };
    expect(credentialChangeRefusal(stale, true, now)).toBe('second_factor_needed');
  });

  it('lets a user without a second factor change credentials within 15 minutes of the password', () => {
    expect(credentialChangeRefusal({ authTime: minutesAgo(14), amr: ['pwd'] }, false, now)).toBeUndefined();
  });

  it('asks a user without a second factor to sign in again after 15 minutes', () => {
    const session = { authTime: minutesAgo(16), amr: ['pwd'] };
    expect(credentialChangeRefusal(session, false, now)).toBe('sign_in_needed');
  });
});
