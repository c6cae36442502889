/**
 * How long an authenticator app key shown for set-up (QR code, link, manual key) may still be
 * confirmed: enough to find the phone, open the app and scan, short enough that a photo of the
 * screen or a page left open is of no use later. A user who took longer scans the new key the
 * page shows next.
 */
export const PENDING_AUTHENTICATOR_APP_LIFETIME_SECONDS = 10 * 60;

/**
 * Whether a key shown at `startedAt` can no longer be confirmed. Counted from the time it was
 * first shown (showing the page again does not extend it), so keys stored before this rule
 * existed expire too, without a migration.
 */
export function pendingAuthenticatorAppExpired(startedAt: Date, now: Date): boolean {
  return startedAt.getTime() <= pendingAuthenticatorAppsExpiredBy(now).getTime();
}

/**
 * Keys first shown at or before this time are expired at `now`: the bound of the store's queries
 * (the replacement of an expired key, the sweep), the same rule as `pendingAuthenticatorAppExpired`.
 */
export function pendingAuthenticatorAppsExpiredBy(now: Date): Date {
  return new Date(now.getTime() - PENDING_AUTHENTICATOR_APP_LIFETIME_SECONDS * 1000);
}
