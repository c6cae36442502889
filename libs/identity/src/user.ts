import type { UserState } from './user-state';

/** What a user says about themselves; every field optional (OIDC standard claims of the same names). */
export interface UserProfile {
  name?: string;
  givenName?: string;
  familyName?: string;
  /** BCP 47 tag, e.g. `de-CH`. */
  locale?: string;
}

/** The user aggregate, as the region's user directory keeps it. */
export interface User {
  userId: string;
  tenantId: string;
  /** As the user typed it, for display and for sending mail. */
  email: string;
  /** The uniqueness key within the tenant; see `normalizeEmail`. */
  emailNormalized: string;
  emailVerified: boolean;
  profile: UserProfile;
  state: UserState;
  /** argon2id PHC string; absent for invitees and users without a password. Never leaves the directory's callers. */
  passwordHash?: string;
  passwordChangedAt?: Date;
  /** Wrong passwords (and reserved attempts) since the last successful sign-in or unlock. */
  failedAttempts: number;
  /** When the last attempt was reserved; lets a crashed attempt's reservation expire. */
  lastAttemptAt?: Date;
  /** When an automatic lock ends; absent for a lock by an admin, which only an admin lifts. */
  lockedUntil?: Date;
  lastSignInAt?: Date;
  createdAt: Date;
  updatedAt: Date;
  /** Bumped by every change, for optimistic concurrency and for consumers ordering snapshots. */
  version: number;
}

/**
 * Trimmed and lower-cased, nothing more. RFC 5321 lets the local part be case-sensitive, but no
 * mainstream provider treats it so, and people type their address in varying case. Provider
 * tricks (dots and `+tags` for Gmail) are deliberately NOT folded: they are provider-specific, and
 * `a+work@` and `a+home@` are addresses a person may legitimately want as two accounts.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
