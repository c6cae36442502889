/**
 * The longest a token signed by one of our keys can live: the admin API's maximum access and ID
 * token lifetime (24 hours), plus the clock tolerance verifiers allow.
 */
export const LONGEST_TOKEN_LIFETIME_SECONDS = 86_400 + 60;

const DAY_MS = 86_400_000;

/** A key signs for `rotationDays`, then its successor takes over (NIST SP 800-57 cryptoperiods). */
export function rotationDue(createdAt: Date, now: Date, rotationDays: number): boolean {
  return now.getTime() >= createdAt.getTime() + rotationDays * DAY_MS;
}

/**
 * A retired key still verifies every token it signed: it stays in the JWKS and the published set
 * until the last of them has expired, then it is removed.
 */
export function retirementEnds(
  retiredAt: Date,
  longestLifetimeSeconds: number = LONGEST_TOKEN_LIFETIME_SECONDS,
): Date {
  return new Date(retiredAt.getTime() + longestLifetimeSeconds * 1000);
}
