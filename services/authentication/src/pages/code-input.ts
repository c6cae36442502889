import { html, type SafeHtml } from '@idaas/pages';
import type { MessageKey, PageLook } from './messages';

/**
 * The field of a six-digit one-time code (an authenticator app's or an emailed one): a numeric
 * keyboard on phones, and `one-time-code` lets the browser offer a code it received. `attributes`
 * go at its end (focus, error description).
 */
export const oneTimeCodeInput = (id: string, attributes: SafeHtml | string = ''): SafeHtml =>
  html`<input
    id="${id}"
    name="code"
    type="text"
    inputmode="numeric"
    pattern="[0-9]{6}"
    maxlength="6"
    autocomplete="one-time-code"
    required${attributes}
  />`;

/** Why a code form was refused, read out at once; the code field points at it. */
export const codeErrorLine = (look: PageLook, error: MessageKey | undefined): SafeHtml | string =>
  error ? html`<p id="mfa-error" class="error" role="alert">${look.t(error)}</p>` : '';

/** The code field of a second-factor form, focused, and described by the error when there is one. */
export const secondFactorCodeInput = (described: boolean): SafeHtml =>
  oneTimeCodeInput(
    'code',
    html` autofocus${described ? html` aria-invalid="true" aria-describedby="mfa-error"` : ''}`,
  );

/** What a refused second-factor code says, at sign-in and on the account page. */
export const CODE_REFUSALS: Record<'wrong' | 'replayed' | 'locked' | 'expired', MessageKey> = {
  wrong: 'mfa.invalid',
  replayed: 'mfa.invalid',
  locked: 'login.locked',
  /** An authenticator app key shown for set-up and not confirmed in time; the page shows a new one. */
  expired: 'mfa.enrol_expired',
};
