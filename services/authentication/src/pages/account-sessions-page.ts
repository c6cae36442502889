import { html, page, type SafeHtml } from '@idaas/pages';
import type { SignInWay } from '../domain/own-session';
import {
  moment,
  outcomeLines,
  reauthenticateNotice,
  withDate,
  type AccountRefusalView,
  type RefusalMessages,
} from './account-parts';
import type { MessageKey, PageLook } from './messages';

/** One of the user's live SSO sessions, as its owner sees it; never its cookie or device hash. */
export interface SignedInSessionView {
  sessionId: string;
  authTime: Date;
  lastSeenAt: Date;
  ways: SignInWay[];
  /** The known device's label (`Firefox on Linux`), when the session names one that is still known. */
  device?: string;
  /** Names of the applications the session signed in to, as the tenant named them. */
  applications: string[];
  /** The session of the browser looking at the page: signed out only by "Sign out". */
  current: boolean;
}

export interface AccountSessionsModel {
  /** The current session first, then the others, most recent sign-in first. */
  sessions: SignedInSessionView[];
  csrfToken: string;
  /** Set when this session may not sign others out now: no forms, a way to sign in again instead. */
  refusal?: AccountRefusalView;
  urls: { signOutSession: string; signOutOthers: string; overview: string; signOut: string };
  notice?: MessageKey;
  error?: MessageKey;
}

const REFUSAL_MESSAGES: RefusalMessages = {
  second_factor_needed: 'sessions.recent_second_factor',
  sign_in_needed: 'sessions.recent_sign_in',
};

const WAY_MESSAGES: Record<SignInWay, MessageKey> = {
  password: 'sessions.way_password',
  passkey: 'sessions.way_passkey',
  one_time_code: 'sessions.way_one_time_code',
  recovery_code: 'sessions.way_recovery_code',
  remembered_browser: 'sessions.way_remembered_browser',
};

const listOf = (look: PageLook, items: string[]): string =>
  new Intl.ListFormat(look.locale, { type: 'conjunction' }).format(items);

/** The session's heading: its device, or "A browser"; device labels are always in English. */
const deviceName = (look: PageLook, s: SignedInSessionView): SafeHtml =>
  s.device ? html`<span lang="en">${s.device}</span>` : html`${look.t('sessions.unknown_device')}`;

function sessionItem(look: PageLook, m: AccountSessionsModel, s: SignedInSessionView): SafeHtml {
  const { t } = look;
  const heading = `session-${s.sessionId}`;
  const ways = s.ways.map((w) => t(WAY_MESSAGES[w]));
  return html`<li>
    <h3 id="${heading}">
      ${deviceName(look, s)}${s.current ? html` <strong>(${t('sessions.this_browser')})</strong>` : ''}
    </h3>
    <p>
      ${withDate(look, 'sessions.signed_in', s.authTime, {}, moment)}${
        ways.length ? html`, ${t('sessions.ways', { ways: listOf(look, ways) })}` : ''
      }<br />
      ${withDate(look, 'sessions.last_seen', s.lastSeenAt, {}, moment)}
      ${
        s.applications.length
          ? html`<br />${t('sessions.applications', { applications: listOf(look, s.applications) })}`
          : ''
      }
    </p>
    ${
      s.current || m.refusal
        ? ''
        : html`<form method="post" action="${m.urls.signOutSession}">
            <input type="hidden" name="csrf_token" value="${m.csrfToken}" />
            <input type="hidden" name="session_id" value="${s.sessionId}" />
            <button type="submit" class="secondary" aria-describedby="${heading}">
              ${t('sessions.sign_out')}
            </button>
          </form>`
    }
  </li>`;
}

function othersSection(look: PageLook, m: AccountSessionsModel): SafeHtml | string {
  const { t } = look;
  if (!m.sessions.some((s) => !s.current))
    return html`<p id="no-other-sessions">${t('sessions.none_other')}</p>`;
  if (m.refusal) return '';
  return html`<form method="post" action="${m.urls.signOutOthers}">
    <input type="hidden" name="csrf_token" value="${m.csrfToken}" />
    <button type="submit">${t('sessions.sign_out_others')}</button>
  </form>`;
}

/**
 * Where the user is signed in: each live session with its device, when and how it signed in, when
 * it was last active and its applications; "Sign out" on every other one and "Sign out everywhere
 * else". This browser is signed out only by the usual "Sign out". A session that may not sign
 * others out now sees the same list and how to sign in again, without a form.
 */
export function accountSessionsPage(look: PageLook, m: AccountSessionsModel): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('sessions.title'),
    html`<h1>${t('sessions.title')}</h1>
      <p>${t('sessions.explain', { product: look.productName })}</p>
      ${outcomeLines(look, m)} ${m.refusal ? reauthenticateNotice(look, m.refusal, REFUSAL_MESSAGES) : ''}
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">${t('sessions.list_heading')}</h2>
        <ul id="sessions">
          ${m.sessions.map((s) => sessionItem(look, m, s))}
        </ul>
        ${othersSection(look, m)}
      </section>
      <div class="links">
        <a href="${m.urls.overview}">${t('security.back_to_overview')}</a>
        <a href="${m.urls.signOut}">${t('account.sign_out')}</a>
      </div>`,
  );
}
