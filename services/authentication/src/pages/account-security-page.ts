import { html, page, type SafeHtml } from '@idaas/pages';
import {
  outcomeLines,
  reauthenticateNotice,
  withDate,
  type AccountRefusalView,
  type RefusalMessages,
} from './account-parts';
import type { MessageKey, PageLook } from './messages';
import { recoveryCodeList } from './mfa-pages';

/** The signed-in user's sign-in security at a glance; never a secret or a code. */
export interface AccountSecurityModel {
  csrfToken: string;
  /** Set when this session may not change anything now: no forms, a way to sign in again instead. */
  refusal?: AccountRefusalView;
  authenticatorApp?: { enrolledAt: Date; lastUsedAt?: Date };
  /** No authenticator app yet, and the tenant's policy (and the admin, for this user) allows one. */
  canSetUpAuthenticatorApp: boolean;
  /** The policy requires a second factor and the authenticator app is the user's only one. */
  lastFactorWarning: boolean;
  passkeyCount: number;
  recoveryCodes?: { remaining: number; issuedAt: Date };
  /** New recovery codes are offered only to a user with a second factor for them to back up. */
  hasSecondFactor: boolean;
  /** Browsers that skip the second factor for this user until their time is up. */
  rememberedBrowsers: number;
  urls: {
    removeAuthenticatorApp: string;
    setUpAuthenticatorApp: string;
    newRecoveryCodes: string;
    forgetBrowsers: string;
    passkeys: string;
    /** "Where you're signed in": a page of its own, as the list grows with every browser. */
    sessions: string;
    signOut: string;
  };
  notice?: MessageKey;
  error?: MessageKey;
}

const REFUSAL_MESSAGES: RefusalMessages = {
  second_factor_needed: 'security.recent_second_factor',
  sign_in_needed: 'security.recent_sign_in',
};

/** One change's form: the session's CSRF token and a button, or nothing while changes are refused. */
function changeForm(
  look: PageLook,
  m: AccountSecurityModel,
  action: string,
  button: MessageKey,
): SafeHtml | string {
  if (m.refusal) return '';
  return html`<form method="post" action="${action}">
    <input type="hidden" name="csrf_token" value="${m.csrfToken}" />
    <button type="submit" class="secondary">${look.t(button)}</button>
  </form>`;
}

function authenticatorAppSection(look: PageLook, m: AccountSecurityModel): SafeHtml {
  const { t } = look;
  const app = m.authenticatorApp;
  return html`<section aria-labelledby="app-heading">
    <h2 id="app-heading">${t('security.app_heading')}</h2>
    ${
      app
        ? html`<p id="authenticator-app">
              ${withDate(look, 'security.app_enrolled', app.enrolledAt)},
              ${app.lastUsedAt ? withDate(look, 'account.last_used', app.lastUsedAt) : t('account.never_used')}
            </p>
            ${m.lastFactorWarning ? html`<p class="hint">${t('security.app_last_factor')}</p>` : ''}
            ${changeForm(look, m, m.urls.removeAuthenticatorApp, 'security.app_remove')}`
        : html`<p id="authenticator-app">${t('security.app_none')}</p>
            ${
              m.canSetUpAuthenticatorApp
                ? changeForm(look, m, m.urls.setUpAuthenticatorApp, 'security.app_set_up')
                : ''
            }`
    }
  </section>`;
}

function passkeysSection(look: PageLook, m: AccountSecurityModel): SafeHtml {
  const { t } = look;
  return html`<section aria-labelledby="passkeys-heading">
    <h2 id="passkeys-heading">${t('security.passkeys_heading')}</h2>
    <p id="passkey-count">${t('security.passkeys_count', { count: String(m.passkeyCount) })}</p>
    <div class="links"><a href="${m.urls.passkeys}">${t('security.passkeys_manage')}</a></div>
  </section>`;
}

function recoveryCodesSection(look: PageLook, m: AccountSecurityModel): SafeHtml {
  const { t } = look;
  const codes = m.recoveryCodes;
  return html`<section aria-labelledby="codes-heading">
    <h2 id="codes-heading">${t('security.codes_heading')}</h2>
    <p>${t('security.codes_explain')}</p>
    <p id="recovery-code-status">
      ${
        codes
          ? withDate(look, 'security.codes_left', codes.issuedAt, { remaining: String(codes.remaining) })
          : t('security.codes_none')
      }
    </p>
    ${
      m.hasSecondFactor
        ? changeForm(look, m, m.urls.newRecoveryCodes, 'security.codes_create')
        : html`<p class="hint">${t('security.codes_need_factor')}</p>`
    }
  </section>`;
}

function browsersSection(look: PageLook, m: AccountSecurityModel): SafeHtml {
  const { t } = look;
  return html`<section aria-labelledby="browsers-heading">
    <h2 id="browsers-heading">${t('security.browsers_heading')}</h2>
    ${
      m.rememberedBrowsers
        ? html`<p id="remembered-browsers">
              ${t('security.browsers_count', { count: String(m.rememberedBrowsers) })}
            </p>
            ${changeForm(look, m, m.urls.forgetBrowsers, 'security.browsers_forget')}`
        : html`<p id="remembered-browsers">${t('security.browsers_none')}</p>`
    }
  </section>`;
}

/**
 * The account security overview: authenticator app, passkeys and security keys, recovery codes,
 * remembered browsers, each with its one change; and sign out. A session that may not change
 * anything now sees the same facts and how to sign in again, without a form.
 */
export function accountSecurityPage(look: PageLook, m: AccountSecurityModel): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('security.title'),
    html`<h1>${t('security.title')}</h1>
      <p>${t('security.explain', { product: look.productName })}</p>
      ${outcomeLines(look, m)} ${m.refusal ? reauthenticateNotice(look, m.refusal, REFUSAL_MESSAGES) : ''}
      ${authenticatorAppSection(look, m)} ${passkeysSection(look, m)} ${recoveryCodesSection(look, m)}
      ${browsersSection(look, m)}
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">${t('security.sessions_heading')}</h2>
        <div class="links"><a href="${m.urls.sessions}">${t('security.sessions_manage')}</a></div>
      </section>
      <div class="links"><a href="${m.urls.signOut}">${t('account.sign_out')}</a></div>`,
  );
}

/**
 * New recovery codes, shown this once (the response is never cached); then back to the overview.
 * `done` names the change that made them when it was not "Create new codes" (an app set up).
 */
export function newRecoveryCodesPage(
  look: PageLook,
  m: { codes: readonly string[]; overviewUrl: string; done?: { notice: MessageKey; explain: MessageKey } },
): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('security.codes_title'),
    html`<h1>${t('security.codes_title')}</h1>
      <p role="status">
        ${m.done ? html`${t(m.done.notice)} ${t(m.done.explain)}` : t('security.codes_shown_once')}
      </p>
      ${recoveryCodeList(m.codes)}
      <div class="links"><a href="${m.overviewUrl}">${t('security.back_to_overview')}</a></div>`,
  );
}
