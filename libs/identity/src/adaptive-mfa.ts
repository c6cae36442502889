import type { Policy } from '@idaas/events';

/**
 * What one sign-in looks like next to the user's earlier ones, measured after the password and
 * before the second-factor decision. Every signal is optional: a caller that cannot measure one
 * (no country header configured, a sign-in without a browser) leaves it out and no rule fires on it.
 */
export interface SignInRisk {
  /** The user has known devices and this browser is none of them (a user's first device is not new). */
  newDevice?: boolean;
  /** The country the trusted proxy reports differs from the user's last successful sign-in's. */
  newCountry?: boolean;
  /** Failed password attempts since the last success, counted only while the latest is recent. */
  recentFailures?: number;
  /** This browser passed a second factor for this user and asked to be remembered, still in time. */
  rememberedDevice?: boolean;
}

/**
 * RFC 8176 has no value for "a second factor was verified on this browser earlier and it was
 * remembered": `rd` says so without claiming `otp` or `mfa`, so the `acr` stays the password
 * class and a client that needs MFA now still asks for it in `acr_values`.
 * https://www.rfc-editor.org/rfc/rfc8176#section-2
 */
export const AMR_REMEMBERED_DEVICE = 'rd';

/** Failures older than this do not count as recent (the lockout counter itself keeps them). */
export const RECENT_FAILURE_WINDOW_MS = 60 * 60 * 1000;

/** The adaptive rules of the policy that this sign-in matches, each as the reason an admin reads. */
export function firedStepUpRules(mfa: Policy['mfa'], risk: SignInRisk = {}): string[] {
  const fired: string[] = [];
  if (mfa.stepUpOnNewDevice && risk.newDevice === true)
    fired.push('adaptive rule stepUpOnNewDevice: the sign-in comes from a device the user has not used');
  if (mfa.stepUpOnNewCountry && risk.newCountry === true)
    fired.push("adaptive rule stepUpOnNewCountry: the country differs from the user's last sign-in");
  const failures = risk.recentFailures ?? 0;
  const threshold = mfa.stepUpAfterFailures ?? 0;
  if (threshold > 0 && failures >= threshold)
    fired.push(
      `adaptive rule stepUpAfterFailures: ${failures} failed password attempt(s) since the last sign-in (threshold ${threshold})`,
    );
  return fired;
}

/**
 * A remembered browser stands in for the code only when nothing else asks for one now: not the
 * client's `acr_values` (it wants a second factor in this very sign-in) and no adaptive rule (a
 * new country is risk the remembered device says nothing about).
 */
export function rememberedDeviceSkips(
  risk: SignInRisk | undefined,
  acrRequested: boolean,
  firedRules: readonly string[],
): boolean {
  return risk?.rememberedDevice === true && !acrRequested && firedRules.length === 0;
}

/** Failures since the last success that count as recent at `now`. */
export function recentFailureCount(prior: { count: number; lastAt?: Date } | undefined, now: Date): number {
  if (!prior || prior.count === 0 || !prior.lastAt) return 0;
  return now.getTime() - prior.lastAt.getTime() <= RECENT_FAILURE_WINDOW_MS ? prior.count : 0;
}
