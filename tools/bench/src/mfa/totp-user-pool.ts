/** A user enrolled in TOTP whose secret the bench knows. */
export interface TotpUser {
  email: string;
  secret: string;
  /** The last time step of a code this user sent (or confirmed the enrolment with). */
  lastStep: number;
}

/**
 * Hands out users whose next code the service will accept. It refuses a code from a time step
 * at or before the user's last accepted one (RFC 6238 section 5.2), so a user signs in at most
 * once per 30-second step, and never in two sign-ins at once. The free users stay in the order
 * of their last steps: new users (who confirmed with an older code) go first, users back from a
 * sign-in go last, so the first user is the one free soonest.
 */
export class TotpUserPool {
  private readonly free: TotpUser[] = [];
  private readonly everyone: TotpUser[] = [];

  add(user: TotpUser): void {
    this.free.unshift(user);
    this.everyone.push(user);
  }

  get total(): number {
    return this.everyone.length;
  }

  /** Every user, free or signing in (for sign-ins that ask no code). */
  get users(): readonly TotpUser[] {
    return this.everyone;
  }

  /** Users free to sign in now, in time step `step`. */
  availableAt(step: number): number {
    return this.free.filter((u) => u.lastStep < step).length;
  }

  /**
   * A user whose last step is before `step`, or undefined when every one has signed in in it.
   * Only the first few are looked at: behind them come users who signed in later still (the
   * first ones may have finished out of order).
   */
  take(step: number): TotpUser | undefined {
    const look = Math.min(this.free.length, 64);
    for (let looked = 0; looked < look; looked++) {
      const user = this.free.shift()!;
      if (user.lastStep < step) return user;
      this.free.push(user);
    }
    return undefined;
  }

  /** Back in the pool after its sign-in, having used a code of `usedStep` (if it got that far). */
  give(user: TotpUser, usedStep?: number): void {
    if (usedStep !== undefined) user.lastStep = Math.max(user.lastStep, usedStep);
    this.free.push(user);
  }
}

/**
 * Users needed at `rate` sign-ins per second when each may sign in once per step: a step's worth
 * of arrivals, plus a tenth and a few for the sign-ins still in flight when the step turns.
 */
export function usersFor(rate: number, stepSeconds: number): number {
  return Math.ceil((rate * stepSeconds * 11) / 10) + 10;
}
