import { html, type SafeHtml } from '@idaas/pages';

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
