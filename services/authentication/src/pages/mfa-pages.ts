import { html, page, type SafeHtml } from '@idaas/pages';
import type { MessageKey, PageLook } from './messages';

interface StepForm {
  action: string;
  csrfToken: string;
  error?: MessageKey;
}

const errorLine = (look: PageLook, error: MessageKey | undefined): SafeHtml | string =>
  error ? html`<p id="mfa-error" class="error" role="alert">${look.t(error)}</p>` : '';

const codeInput = (id: string, name: string, described: boolean): SafeHtml =>
  html`<input
    id="${id}"
    name="${name}"
    type="text"
    inputmode="numeric"
    pattern="[0-9]{6}"
    maxlength="6"
    autocomplete="one-time-code"
    required
    autofocus${described ? html` aria-invalid="true" aria-describedby="mfa-error"` : ''}
  />`;

/** The second step of a sign-in: a TOTP code, or (folded away) a recovery code. */
export function mfaVerifyPage(look: PageLook, m: StepForm & { recoveryCodes: boolean }): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('mfa.title'),
    html`<h1>${t('mfa.heading')}</h1>
      <form method="post" action="${m.action}" novalidate>
        <input type="hidden" name="csrf_token" value="${m.csrfToken}" />
        <input type="hidden" name="method" value="totp" />
        ${errorLine(look, m.error)}
        <label for="code">${t('mfa.code')}</label>
        ${codeInput('code', 'code', m.error !== undefined)}
        <button type="submit">${t('mfa.submit')}</button>
      </form>
      ${
        m.recoveryCodes
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

/** Enrolment at first sign-in: the `otpauth://` link and the key to type, then a code to confirm. */
export function mfaEnrolPage(
  look: PageLook,
  m: StepForm & { secret: string; otpauthUri: string; qrDataUrl: string },
): SafeHtml {
  const { t } = look;
  const grouped = m.secret.replace(/(.{4})/g, '$1 ').trim();
  return page(
    look,
    t('mfa.enrol_title'),
    html`<h1>${t('mfa.enrol_heading')}</h1>
      <p>${t('mfa.enrol_scan')}</p>
      <p><img id="totp-qr" src="${m.qrDataUrl}" alt="${t('mfa.enrol_qr')}" width="200" height="200" /></p>
      <p><a id="otpauth-link" href="${m.otpauthUri}">${t('mfa.enrol_link')}</a></p>
      <p>${t('mfa.enrol_key')}: <code id="totp-secret" data-secret="${m.secret}">${grouped}</code></p>
      <form method="post" action="${m.action}" novalidate>
        <input type="hidden" name="csrf_token" value="${m.csrfToken}" />
        ${errorLine(look, m.error)}
        <label for="code">${t('mfa.code')}</label>
        ${codeInput('code', 'code', m.error !== undefined)}
        <button type="submit">${t('mfa.enrol_submit')}</button>
      </form>`,
  );
}

/** The recovery codes, shown this once; continuing finishes the sign-in. */
export function recoveryCodesPage(look: PageLook, m: StepForm & { codes: readonly string[] }): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('mfa.codes_title'),
    html`<h1>${t('mfa.codes_heading')}</h1>
      <p>${t('mfa.codes_explain')}</p>
      <ul id="recovery-codes">
        ${m.codes.map((code) => html`<li><code>${code}</code></li>`)}
      </ul>
      <form method="post" action="${m.action}">
        <input type="hidden" name="csrf_token" value="${m.csrfToken}" />
        <button type="submit">${t('mfa.codes_continue')}</button>
      </form>`,
  );
}
