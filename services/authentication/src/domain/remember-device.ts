import type { MfaMethod } from '@idaas/identity';

/**
 * Second factors after which "remember this device" is offered. Not after a recovery code: it
 * says the user lost their authenticator (or someone found the printout), so that browser is
 * asked again until a second factor proper is back; Auth0 does the same. Not on the passkey page
 * either, which has no form of its own to tick it on (and a passkey is quick to use again).
 */
const REMEMBERED_AFTER: ReadonlySet<MfaMethod> = new Set<MfaMethod>(['totp', 'email_otp']);

export const offersRememberDevice = (method: MfaMethod): boolean => REMEMBERED_AFTER.has(method);

/**
 * Days the browser is remembered after this second factor: the effective policy's
 * `mfa.rememberDeviceDays` when the user ticked the box on a form that offers it, else 0. A
 * hand-made form cannot remember a browser after a recovery code.
 */
export function rememberDeviceDaysAfter(method: MfaMethod, ticked: boolean, policyDays: number): number {
  return ticked && offersRememberDevice(method) ? policyDays : 0;
}
