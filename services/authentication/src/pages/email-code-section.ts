import { html, type SafeHtml } from '@idaas/pages';
import { oneTimeCodeInput } from './code-input';
import type { MessageKey, PageLook } from './messages';
import { rememberDeviceField } from './remember-device-field';

/** What the second-factor page knows about an emailed code for this sign-in. */
export interface EmailCodeOffer {
  /** Where to ask for a code (and for a new one). */
  sendAction: string;
  /** The address, partly hidden: enough for the user to recognise it, not to learn it. */
  maskedEmail: string;
  /** Minutes a code stays good, for the sentence under the field. */
  lifetimeMinutes: number;
  /** A code was sent for this sign-in: ask for it, and offer a new one. */
  sent: boolean;
}

/** `ada.lovelace@example.com` → `a***e@example.com`: the page may be seen by someone who only knows the password. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  const local = email.slice(0, at);
  return `${local[0]}***${local.length > 1 ? local[local.length - 1] : ''}${email.slice(at)}`;
}

/**
 * The email method of the second-factor page: a button that sends a code, then the field for it
 * and a button for a new one. Sending is a POST (it has an effect), never a link.
 */
export function emailCodeSection(
  look: PageLook,
  form: { action: string; csrfToken: string; error?: MessageKey; rememberDeviceDays?: number },
  offer: EmailCodeOffer,
): SafeHtml {
  const { t } = look;
  const sendForm = (label: MessageKey, id: string) =>
    html`<form id="${id}" method="post" action="${offer.sendAction}">
      <input type="hidden" name="csrf_token" value="${form.csrfToken}" />
      <button type="submit">${t(label)}</button>
    </form>`;
  if (!offer.sent)
    return html`<p>${t('mfa.email_explain', { email: offer.maskedEmail })}</p>
      ${sendForm('mfa.email_offer', 'email-code-send')}`;
  return html`<form id="email-code-form" method="post" action="${form.action}" novalidate>
      <input type="hidden" name="csrf_token" value="${form.csrfToken}" />
      <input type="hidden" name="method" value="email_otp" />
      <p id="email-code-sent">
        ${t('mfa.email_sent', { email: offer.maskedEmail, minutes: String(offer.lifetimeMinutes) })}
      </p>
      <label for="email_code">${t('mfa.email_code')}</label>
      ${oneTimeCodeInput('email_code')} ${rememberDeviceField(look, form.rememberDeviceDays, 'email_otp')}
      <button type="submit">${t('mfa.submit')}</button>
    </form>
    ${sendForm('mfa.email_resend', 'email-code-resend')}`;
}
