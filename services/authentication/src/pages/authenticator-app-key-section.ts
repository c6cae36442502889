import { html, type SafeHtml } from '@idaas/pages';
import { codeErrorLine, secondFactorCodeInput } from './code-input';
import type { MessageKey, PageLook } from './messages';

/** The key an authenticator app adds, in the three forms a set-up page shows it. */
export interface AuthenticatorAppKey {
  /** Base32, for typing in by hand. */
  secret: string;
  otpauthUri: string;
  /** The `otpauth://` link as a QR code image (a data URL). */
  qrDataUrl: string;
}

/** Where the code that confirms the app is posted, with its CSRF token and why it was refused. */
export interface AppKeyForm {
  action: string;
  csrfToken: string;
  error?: MessageKey;
}

/**
 * Setting up an authenticator app: the QR code, the `otpauth://` link and the key to type in
 * (in groups of four), then a code from the app to confirm. Shown at sign-in and on the account page.
 */
export function authenticatorAppKeySection(look: PageLook, m: AppKeyForm & AuthenticatorAppKey): SafeHtml {
  const { t } = look;
  const grouped = m.secret.replace(/(.{4})/g, '$1 ').trim();
  return html`<p>${t('mfa.enrol_scan')}</p>
    <p><img id="totp-qr" src="${m.qrDataUrl}" alt="${t('mfa.enrol_qr')}" width="200" height="200" /></p>
    <p><a id="otpauth-link" href="${m.otpauthUri}">${t('mfa.enrol_link')}</a></p>
    <p>${t('mfa.enrol_key')}: <code id="totp-secret" data-secret="${m.secret}">${grouped}</code></p>
    <form method="post" action="${m.action}" novalidate>
      <input type="hidden" name="csrf_token" value="${m.csrfToken}" />
      ${codeErrorLine(look, m.error)}
      <label for="code">${t('mfa.code')}</label>
      ${secondFactorCodeInput(m.error !== undefined)}
      <button type="submit">${t('mfa.enrol_submit')}</button>
    </form>`;
}
