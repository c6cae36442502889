import { html, type SafeHtml } from '@idaas/pages';
import type { PageLook } from './messages';

/** The form field that carries "remember this device" on the second-factor page. */
export const REMEMBER_DEVICE_FIELD = 'remember_device';

/**
 * "Remember this device for N days", unticked: the user chooses it on a browser of their own.
 * Nothing when the effective policy's `mfa.rememberDeviceDays` is 0.
 */
export function rememberDeviceField(look: PageLook, days: number | undefined): SafeHtml | string {
  if (!days) return '';
  return html`<p>
    <input id="${REMEMBER_DEVICE_FIELD}" name="${REMEMBER_DEVICE_FIELD}" type="checkbox" value="on" />
    <label for="${REMEMBER_DEVICE_FIELD}">${look.t('mfa.remember_device', { days: String(days) })}</label>
  </p>`;
}
