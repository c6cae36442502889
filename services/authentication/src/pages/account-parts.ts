import { html, type SafeHtml } from '@idaas/pages';
import { RECENT_SECOND_FACTOR_SECONDS } from '@idaas/identity';
import type { CredentialChangeRefusal } from '../domain/credential-change';
import type { MessageKey, PageLook } from './messages';

/** Why a session may not change credentials on an account page, and where to sign out. */
export interface AccountRefusalView {
  reason: CredentialChangeRefusal;
  signOutUrl: string;
}

/** The sentence each account page uses for each refusal: it names what that page changes. */
export type RefusalMessages = Record<CredentialChangeRefusal, MessageKey>;

/** A day in the reader's language; the machine-readable instant beside it. */
export function day(look: PageLook, at: Date): SafeHtml {
  const shown = new Intl.DateTimeFormat(look.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(at);
  return html`<time datetime="${at.toISOString()}">${shown}</time>`;
}

/** A day and time of day in the reader's language (UTC, as `day`), for what happens more than once a day. */
export function moment(look: PageLook, at: Date): SafeHtml {
  const shown = new Intl.DateTimeFormat(look.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(at);
  return html`<time datetime="${at.toISOString()}">${shown} UTC</time>`;
}

/** A translated sentence with a `{date}`: the date is markup, so the translation is split around it. */
export function withDate(
  look: PageLook,
  key: MessageKey,
  at: Date,
  vars: Record<string, string> = {},
  show: (look: PageLook, at: Date) => SafeHtml = day,
): SafeHtml {
  const placeholder = '\u0000';
  const [before = '', after = ''] = look.t(key, { ...vars, date: placeholder }).split(placeholder);
  return html`${before}${show(look, at)}${after}`;
}

/** Why this session may not change anything now, read out at once, and the way to sign in again. */
export function reauthenticateNotice(
  look: PageLook,
  refusal: AccountRefusalView,
  messages: RefusalMessages,
): SafeHtml {
  const { t } = look;
  return html`<div id="reauthenticate">
    <p class="error" role="alert">
      ${t(messages[refusal.reason], { minutes: String(RECENT_SECOND_FACTOR_SECONDS / 60) })}
    </p>
    <p>${t('account.sign_in_again')}</p>
    <div class="links"><a href="${refusal.signOutUrl}">${t('account.sign_out')}</a></div>
  </div>`;
}

/** What the last change did (after its redirect), read out politely; why a form was refused, at once. */
export const outcomeLines = (look: PageLook, m: { notice?: MessageKey; error?: MessageKey }): SafeHtml =>
  html`${m.notice ? html`<p role="status">${look.t(m.notice)}</p>` : ''}
  ${m.error ? html`<p class="error" role="alert">${look.t(m.error)}</p>` : ''}`;
