import { html, page, type SafeHtml } from '@idaas/pages';
import type { MfaMethod } from '@idaas/identity';
import { authenticatorAppKeySection, type AuthenticatorAppKey } from './authenticator-app-key-section';
import { codeErrorLine, secondFactorCodeInput } from './code-input';
import { emailCodeSection, type EmailCodeOffer } from './email-code-section';
import type { MessageKey, PageLook } from './messages';
import { rememberDeviceField } from './remember-device-field';

interface StepForm {
  action: string;
  csrfToken: string;
  error?: MessageKey;
}

/** The line that unfolds a method shown behind the first one. */
const METHOD_CHOICES: Partial<Record<MfaMethod, MessageKey>> = {
  totp: 'mfa.use_app',
  email_otp: 'mfa.email_offer',
};

/**
 * The second step of a sign-in: the first of `methods` (the user's preferred one, or the first
 * they can answer) open, the others folded away as choices, and a recovery code last.
 */
export function mfaVerifyPage(
  look: PageLook,
  m: StepForm & {
    methods: readonly MfaMethod[];
    email?: EmailCodeOffer;
    /** The effective policy's `mfa.rememberDeviceDays`: above 0, the TOTP and email-code forms offer to remember. */
    rememberDeviceDays?: number;
  },
): SafeHtml {
  const { t } = look;
  const section = (method: MfaMethod): SafeHtml | string => {
    if (method === 'totp')
      return html`<form method="post" action="${m.action}" novalidate>
        <input type="hidden" name="csrf_token" value="${m.csrfToken}" />
        <input type="hidden" name="method" value="totp" />
        ${codeErrorLine(look, m.error)}
        <label for="code">${t('mfa.code')}</label>
        ${secondFactorCodeInput(m.error !== undefined)}
        ${rememberDeviceField(look, m.rememberDeviceDays, 'totp')}
        <button type="submit">${t('mfa.submit')}</button>
      </form>`;
    if (method === 'email_otp' && m.email) return emailCodeSection(look, m, m.email);
    return '';
  };
  const [first, ...others] = m.methods.filter((method) => METHOD_CHOICES[method] !== undefined);
  return page(
    look,
    t('mfa.title'),
    html`<h1>${t(first === 'totp' ? 'mfa.heading' : 'mfa.title')}</h1>
      ${first && first !== 'totp' ? codeErrorLine(look, m.error) : ''} ${first ? section(first) : ''}
      ${others.map(
        (method) =>
          html`<details id="mfa-choice-${method}">
            <summary>${t(METHOD_CHOICES[method]!)}</summary>
            ${section(method)}
          </details>`,
      )}
      ${
        m.methods.includes('recovery_code')
          ? html`<details>
              <summary>${t('mfa.use_recovery')}</summary>
              <form method="post" action="${m.action}" novalidate>
                <input type="hidden" name="csrf_token" value="${m.csrfToken}" />
                <input type="hidden" name="method" value="recovery_code" />
                <label for="recovery_code">${t('mfa.recovery_code')}</label>
                <input id="recovery_code" name="code" type="text" autocomplete="off" required />
                <button type="submit">${t('mfa.recovery_submit')}</button>
              </form>
            </details>`
          : ''
      }`,
  );
}

/** Enrolment at first sign-in: the authenticator app's key, then a code to confirm; or a passkey instead. */
export function mfaEnrolPage(
  look: PageLook,
  m: StepForm & AuthenticatorAppKey & { passkeyUrl?: string },
): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('mfa.enrol_title'),
    html`<h1>${t('mfa.enrol_heading')}</h1>
      ${authenticatorAppKeySection(look, m)}
      ${m.passkeyUrl ? html`<p><a id="passkey-enrol" href="${m.passkeyUrl}">${t('passkey.offer_enrol')}</a></p>` : ''}`,
  );
}

/** Recovery codes as a list, each in its own `<code>`, for the pages that show them once. */
export const recoveryCodeList = (codes: readonly string[]): SafeHtml =>
  html`<ul id="recovery-codes">
    ${codes.map((code) => html`<li><code>${code}</code></li>`)}
  </ul>`;

/** The recovery codes, shown this once; continuing finishes the sign-in. */
export function recoveryCodesPage(look: PageLook, m: StepForm & { codes: readonly string[] }): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('mfa.codes_title'),
    html`<h1>${t('mfa.codes_heading')}</h1>
      <p>${t('mfa.codes_explain')}</p>
      ${recoveryCodeList(m.codes)}
      <form method="post" action="${m.action}">
        <input type="hidden" name="csrf_token" value="${m.csrfToken}" />
        <button type="submit">${t('mfa.codes_continue')}</button>
      </form>`,
  );
}
