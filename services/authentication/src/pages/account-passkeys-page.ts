import { html, page, type SafeHtml } from '@idaas/pages';
import {
  outcomeLines,
  reauthenticateNotice,
  withDate,
  type AccountRefusalView,
  type RefusalMessages,
} from './account-parts';
import type { MessageKey, PageLook } from './messages';
import { passkeyCeremonyForm, type PasskeyCeremonyModel } from './webauthn-pages';

/** One passkey as its owner sees it: what they named it and when; never key material. */
export interface AccountPasskeyView {
  credentialId: string;
  label: string;
  createdAt: Date;
  lastUsedAt?: Date;
}

/** What the "Add a passkey" section offers: the ceremony, or why there is none. */
export type AddPasskeyOffer =
  | { kind: 'ceremony'; form: Omit<PasskeyCeremonyModel, 'ceremony' | 'button'> }
  | { kind: 'unavailable'; reason: 'account.limit' | 'account.unavailable'; max?: number };

export interface AccountPasskeysModel {
  passkeys: AccountPasskeyView[];
  /** Where each passkey's "Remove" form posts. */
  removeAction: string;
  csrfToken: string;
  /** The account security overview, linked back to. */
  overviewUrl: string;
  /** Set when this session may not change passkeys now: no forms, a way to sign in again instead. */
  refusal?: AccountRefusalView;
  add: AddPasskeyOffer;
  /** The policy requires a second factor and the passkeys are the user's only one. */
  lastFactorWarning: boolean;
  /** What the last change did (after its redirect), read out politely. */
  notice?: MessageKey;
  /** Why the last form was refused, read out at once (a refused ceremony says so in its own form). */
  error?: MessageKey;
}

const REFUSAL_MESSAGES: RefusalMessages = {
  second_factor_needed: 'account.recent_second_factor',
  sign_in_needed: 'account.recent_sign_in',
};

function passkeyItem(look: PageLook, m: AccountPasskeysModel, p: AccountPasskeyView): SafeHtml {
  const { t } = look;
  return html`<li>
    <strong>${p.label}</strong><br />
    <small
      >${withDate(look, 'account.created', p.createdAt)},
      ${p.lastUsedAt ? withDate(look, 'account.last_used', p.lastUsedAt) : t('account.never_used')}</small
    >
    ${
      m.refusal
        ? ''
        : html`<form method="post" action="${m.removeAction}">
            <input type="hidden" name="csrf_token" value="${m.csrfToken}" />
            <input type="hidden" name="credential_id" value="${p.credentialId}" />
            <button
              type="submit"
              class="secondary"
              aria-label="${t('account.remove_named', { label: p.label })}"
            >
              ${t('account.remove')}
            </button>
          </form>`
    }
  </li>`;
}

function addSection(look: PageLook, m: AccountPasskeysModel): SafeHtml | string {
  const { t } = look;
  if (m.refusal) return '';
  const offer = m.add;
  return html`<h2>${t('account.add_heading')}</h2>
    ${
      offer.kind === 'ceremony'
        ? passkeyCeremonyForm(look, { ...offer.form, ceremony: 'create', button: 'account.add_button' })
        : html`<p>${t(offer.reason, { max: String(offer.max ?? '') })}</p>`
    }`;
}

/**
 * The signed-in user's passkeys: each with its name and dates and a "Remove" button, then "Add a
 * passkey". A session that may not change credentials now sees the list and how to sign in again.
 */
export function accountPasskeysPage(look: PageLook, m: AccountPasskeysModel): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('account.passkeys_title'),
    html`<h1>${t('account.passkeys_title')}</h1>
      <p>${t('account.passkeys_explain', { product: look.productName })}</p>
      ${outcomeLines(look, m)} ${m.refusal ? reauthenticateNotice(look, m.refusal, REFUSAL_MESSAGES) : ''}
      ${
        m.passkeys.length
          ? html`<ul id="passkeys">
              ${m.passkeys.map((p) => passkeyItem(look, m, p))}
            </ul>`
          : html`<p id="passkeys">${t('account.none')}</p>`
      }
      ${m.lastFactorWarning && m.passkeys.length ? html`<p class="hint">${t('account.last_factor')}</p>` : ''}
      ${addSection(look, m)}
      <div class="links"><a href="${m.overviewUrl}">${t('security.back_to_overview')}</a></div>`,
  );
}

/** Without a live session of this tenant in this browser there is nothing to show: sign in first. */
export function signInFirstPage(look: PageLook): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('account.sign_in_first_title'),
    html`<h1>${t('account.sign_in_first_title')}</h1>
      <p role="alert">${t('account.sign_in_first', { product: look.productName })}</p>`,
  );
}
