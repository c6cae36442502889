import { html, type SafeHtml } from '@idaas/pages';
import type { MfaMethod } from '@idaas/identity';
import { offersRememberDevice } from '../domain/remember-device';
import type { PageLook } from './messages';

/** The form field that carries "remember this device" on the second-factor page. */
export const REMEMBER_DEVICE_FIELD = 'remember_device';

/**
 * "Remember this device for N days", unticked: the user chooses it on a browser of their own.
 * Nothing when the effective policy's `mfa.rememberDeviceDays` is 0, or on the form of a method
 * after which no browser is remembered (`offersRememberDevice`). Each form of the page has its
 * own box (the TOTP one keeps the plain id), so a label never ticks another form's box.
 */
export function rememberDeviceField(
  look: PageLook,
  days: number | undefined,
  method: MfaMethod,
): SafeHtml | string {
  if (!days || !offersRememberDevice(method)) return '';
  const id = method === 'totp' ? REMEMBER_DEVICE_FIELD : `${REMEMBER_DEVICE_FIELD}_${method}`;
  return html`<p>
    <input id="${id}" name="${REMEMBER_DEVICE_FIELD}" type="checkbox" value="on" />
    <label for="${id}">${look.t('mfa.remember_device', { days: String(days) })}</label>
  </p>`;
}
