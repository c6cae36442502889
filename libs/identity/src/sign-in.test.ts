import { decideSignIn, lockEndsAt, verifiesAtOnce } from './sign-in';
import { USER_STATES } from './user-state';
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

describe('verifiesAtOnce', () => {
  // The store reserves an attempt straight away for users this filter matches, without asking
  // decideSignIn: it must match exactly those decideSignIn lets verify without a lift.
  it('matches exactly the users decideSignIn lets verify without lifting a lock or a counter', () => {
    const { states, failedAttemptsBelow } = verifiesAtOnce(lockout);
    for (const state of USER_STATES) {
      for (const failedAttempts of [
        0,
        lockout.maxAttempts - 1,
        lockout.maxAttempts,
        lockout.maxAttempts + 1,
      ]) {
        const candidate = user({
          state,
          failedAttempts,
          lastAttemptAt: minutes(-1),
          lockedUntil: minutes(10),
        });
        const matches = (states as readonly string[]).includes(state) && failedAttempts < failedAttemptsBelow;
        const kind = decideSignIn(candidate, lockout, now).kind;
        expect({ state, failedAttempts, matches }).toEqual({
          state,
          failedAttempts,
          matches: kind === 'verify' || kind === 'verify_for_reset',
        });
      }
    }
  });
});
