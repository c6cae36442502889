import { html, page, type SafeHtml } from '@idaas/pages';
import { scopeLabel } from './consent-page';
import type { MessageKey, PageLook } from './messages';

export interface UserCodePageModel {
  action: string;
  csrfToken: string;
  /** What the link carried or the user typed, shown again. */
  userCode?: string;
  error?: MessageKey;
}

/**
 * Where the user types the code their device shows (RFC 8628 section 3.3). A link with the code
 * only fills the field: the user still presses Continue, so opening a link signs nothing in.
 */
export function userCodePage(look: PageLook, m: UserCodePageModel): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('device.title'),
    html`<h1>${t('device.heading')}</h1>
      <form method="post" action="${m.action}">
        <input type="hidden" name="csrf_token" value="${m.csrfToken}" />
        ${m.error ? html`<p id="device-error" class="error" role="alert">${t(m.error)}</p>` : ''}
        <label for="user_code">${t('device.code')}</label>
        <input
          id="user_code"
          name="user_code"
          type="text"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          maxlength="20"
          required
          autofocus
          value="${m.userCode ?? ''}"
          ${m.error ? html` aria-invalid="true" aria-describedby="device-error"` : ''}
        />
        <button type="submit">${t('device.submit')}</button>
      </form>`,
  );
}

export interface DeviceConfirmPageModel {
  action: string;
  csrfToken: string;
  clientName: string;
  scopes: string[];
}

/**
 * The last word before a device gets tokens: which application, what it asks for, and the warning
 * against codes passed on by someone else (RFC 8628 section 5.4, remote phishing).
 */
export function deviceConfirmPage(look: PageLook, m: DeviceConfirmPageModel): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('device.title'),
    html`<h1>${t('device.confirm_heading', { client: m.clientName })}</h1>
      <p class="warning">${t('device.confirm_warning')}</p>
      <form method="post" action="${m.action}">
        <input type="hidden" name="csrf_token" value="${m.csrfToken}" />
        <p id="scopes-label">${t('consent.scopes')}</p>
        <ul aria-labelledby="scopes-label">
          ${m.scopes.map((s) => html`<li>${scopeLabel(look, s)}</li>`)}
        </ul>
        <button type="submit" name="decision" value="allow">${t('device.allow')}</button>
        <button type="submit" name="decision" value="deny" class="secondary">${t('device.deny')}</button>
      </form>`,
  );
}

/** After the decision: back to the device, or nothing happened. */
export function deviceDonePage(look: PageLook, approved: boolean): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('device.title'),
    html`<h1 role="status">${t(approved ? 'device.approved' : 'device.denied')}</h1>`,
  );
}
