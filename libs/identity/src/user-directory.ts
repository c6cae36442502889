import type { LockoutPolicy, SignInRefusal } from './sign-in';
import type { User, UserProfile } from './user';
import type { UserTransition } from './user-state';

/** States a user can be created in; everything else is reached by a transition. */
export type InitialUserState = 'pending_verification' | 'pending_invite' | 'active';

export interface NewUser {
  email: string;
  /** Plain text; hashed before it is stored, never kept or logged. */
  password?: string;
  profile?: UserProfile;
  state: InitialUserState;
  emailVerified: boolean;
  /** Who created the user, for the `registered` event; defaults to `admin`. */
  via?: 'self_signup' | 'admin' | 'scim' | 'import';
}

/**
 * The outcome of a password sign-in. `reset_required` means the password was right but the user
 * may only set a new one (state `password_reset_required`).
 */
export type PasswordSignIn =
  | {
      outcome: 'signed_in';
      user: User;
      /** Wrong passwords since the previous success, the latest at `lastAt`: a signal for adaptive MFA. */
      priorFailures?: { count: number; lastAt?: Date };
    }
  | { outcome: 'reset_required'; user: User }
  | { outcome: 'refused'; reason: SignInRefusal };

/**
 * The region's user directory, as the data-plane services see it. Every operation names the
 * tenant; a user of another tenant is as absent as one that never existed.
 */
export interface UserDirectory {
  /** Throws `DuplicateEmailError` when the tenant already has the email (case-insensitively). */
  create(tenantId: string, user: NewUser, now?: Date): Promise<User>;
  findById(tenantId: string, userId: string): Promise<User | undefined>;
  findByEmail(tenantId: string, email: string): Promise<User | undefined>;
  /**
   * Checks a password with the tenant's lockout policy: at most `maxAttempts` wrong passwords are
   * ever checked before the user is locked, however many arrive at once.
   */
  verifyPassword(
    tenantId: string,
    email: string,
    password: string,
    lockout: LockoutPolicy,
    now?: Date,
  ): Promise<PasswordSignIn>;
  /** Replaces the password; throws `UserNotFoundError`. */
  setPassword(tenantId: string, userId: string, password: string, now?: Date): Promise<User>;
  /**
   * Ends a forced reset with the password the user chose after proving the current one: the new
   * password and `completePasswordReset` with its one event, in one write. Throws
   * `IllegalTransitionError` unless the user is in `password_reset_required`, `PasswordReuseError`
   * for the current password, or `UserNotFoundError`.
   */
  completeForcedReset(tenantId: string, userId: string, password: string, now?: Date): Promise<User>;
  /** Applies one row of the lifecycle table with its event; throws `IllegalTransitionError` or `UserNotFoundError`. */
  transition(tenantId: string, userId: string, transition: UserTransition, now?: Date): Promise<User>;
}

/** The tenant already has a user with this email. Services answer 409. */
export class DuplicateEmailError extends Error {
  constructor(readonly tenantId: string) {
    super('a user with this email already exists in the tenant');
    this.name = 'DuplicateEmailError';
  }
}

/** No such user in this tenant. Services answer 404. */
export class UserNotFoundError extends Error {
  constructor(readonly userId: string) {
    super(`no user ${userId}`);
    this.name = 'UserNotFoundError';
  }
}

/** A forced reset asks for a new password: the current one again does not end it. */
export class PasswordReuseError extends Error {
  constructor() {
    super('the new password is the current one');
    this.name = 'PasswordReuseError';
  }
}
