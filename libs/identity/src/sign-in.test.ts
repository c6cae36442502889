import { decideSignIn, lockEndsAt } from './sign-in';
import type { User } from './user';

const now = new Date('2026-01-01T12:00:00Z');
const lockout = { maxAttempts: 5, durationSeconds: 900 };
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

function user(overrides: Partial<User> = {}): User {
  return {
    userId: 'u-1',
    tenantId: 't-1',
    email: 'Ada@Example.com',
    emailNormalized: 'ada@example.com',
    emailVerified: true,
    profile: {},
    state: 'active',
    failedAttempts: 0,
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...overrides,
  };
}

describe('decideSignIn', () => {
  it('refuses an unknown user', () => {
    expect(decideSignIn(undefined, lockout, now)).toEqual({ kind: 'refuse', reason: 'unknown_user' });
  });

  it('lets an active user with attempts left verify', () => {
    expect(decideSignIn(user({ failedAttempts: 4 }), lockout, now)).toEqual({ kind: 'verify' });
  });

  it('lets a user who must reset verify only to reset', () => {
    expect(decideSignIn(user({ state: 'password_reset_required' }), lockout, now)).toEqual({
      kind: 'verify_for_reset',
    });
  });

  it('refuses as locked while every attempt is reserved by callers still checking', () => {
    const full = user({ failedAttempts: 5, lastAttemptAt: minutes(-1) });
    expect(decideSignIn(full, lockout, now)).toEqual({ kind: 'refuse', reason: 'locked' });
  });

  it('clears a full counter left by a reservation older than a lock would last', () => {
    const stale = user({ failedAttempts: 5, lastAttemptAt: minutes(-15) });
    expect(decideSignIn(stale, lockout, now)).toEqual({ kind: 'clear_stale_then_verify' });
  });

  it('refuses a locked user until the lock ends, then unlocks', () => {
    const locked = user({ state: 'locked', failedAttempts: 5, lockedUntil: minutes(10) });
    expect(decideSignIn(locked, lockout, now)).toEqual({ kind: 'refuse', reason: 'locked' });
    expect(decideSignIn(locked, lockout, minutes(10))).toEqual({ kind: 'unlock_then_verify' });
  });

  it('keeps a lock without an end (set by an admin) however late it is', () => {
    const locked = user({ state: 'locked' });
    expect(decideSignIn(locked, lockout, minutes(60 * 24 * 365))).toEqual({
      kind: 'refuse',
      reason: 'locked',
    });
  });

  it.each(['pending_verification', 'pending_invite', 'disabled', 'suspended', 'deleted'] as const)(
    'refuses a %s user as not active',
    (state) => {
      expect(decideSignIn(user({ state }), lockout, now)).toEqual({ kind: 'refuse', reason: 'not_active' });
    },
  );
});

describe('lockEndsAt', () => {
  it('is the policy duration after now', () => {
    expect(lockEndsAt(lockout, now)).toEqual(minutes(15));
  });
});
