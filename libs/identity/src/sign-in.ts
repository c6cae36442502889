import type { Policy } from '@idaas/events';
import type { User } from './user';
import { USER_TRANSITIONS } from './user-state';

/** The `lockout` section of the tenant policy. */
export type LockoutPolicy = Policy['lockout'];

/** Why a sign-in was refused. Services show `wrong_password` and `unknown_user` with the same message. */
export type SignInRefusal = 'wrong_password' | 'locked' | 'not_active' | 'unknown_user';

/**
 * What a password sign-in attempt may do, decided before any hash is checked:
 * - `verify`: reserve an attempt and check the password; success signs in.
 * - `verify_for_reset`: the same, but success only lets the user set a new password.
 * - `unlock_then_verify`: the automatic lock has run out; lift it, then decide again.
 * - `clear_stale_then_verify`: the counter is full but nobody locked the user, and the last
 *   reservation is older than a lock would last: a process died between reserving and checking.
 *   That reservation counted as a wrong password (the safe reading), and the lock it would have
 *   caused has run out too; clear the counter, then decide again.
 * - `refuse`: no password check at all (for an unknown user the caller still runs the dummy one).
 */
export type SignInDecision =
  | { kind: 'verify' }
  | { kind: 'verify_for_reset' }
  | { kind: 'unlock_then_verify' }
  | { kind: 'clear_stale_then_verify' }
  | { kind: 'refuse'; reason: Exclude<SignInRefusal, 'wrong_password'> };

/** States that may verify a password: exactly those the `lock` transition starts from. */
const MAY_VERIFY: readonly string[] = USER_TRANSITIONS.lock.from;

/**
 * The users `decideSignIn` lets verify at once, as a store's filter can state them: a state that
 * may verify and a counter below the maximum. Anyone else (locked, expired lock, stale counter,
 * not active) goes through `decideSignIn` itself.
 */
export const verifiesAtOnce = (lockout: LockoutPolicy) => ({
  states: USER_TRANSITIONS.lock.from,
  failedAttemptsBelow: lockout.maxAttempts,
});

export function decideSignIn(user: User | undefined, lockout: LockoutPolicy, now: Date): SignInDecision {
  if (!user) return { kind: 'refuse', reason: 'unknown_user' };
  if (user.state === 'locked') {
    // A lock without an end was set by an admin and waits for one.
    const expired = user.lockedUntil !== undefined && user.lockedUntil.getTime() <= now.getTime();
    return expired ? { kind: 'unlock_then_verify' } : { kind: 'refuse', reason: 'locked' };
  }
  if (!MAY_VERIFY.includes(user.state)) return { kind: 'refuse', reason: 'not_active' };
  // Every attempt is reserved: the counter at the maximum means the last ones are still being
  // checked (one of them will lock the user), so nobody else may try meanwhile.
  if (user.failedAttempts >= lockout.maxAttempts) {
    const staleAfter = (user.lastAttemptAt?.getTime() ?? 0) + lockout.durationSeconds * 1000;
    return staleAfter <= now.getTime()
      ? { kind: 'clear_stale_then_verify' }
      : { kind: 'refuse', reason: 'locked' };
  }
  return user.state === 'active' ? { kind: 'verify' } : { kind: 'verify_for_reset' };
}

/** When an automatic lock that starts now ends. */
export function lockEndsAt(lockout: LockoutPolicy, now: Date): Date {
  return new Date(now.getTime() + lockout.durationSeconds * 1000);
}
