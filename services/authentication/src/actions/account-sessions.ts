import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AnyRoute } from '@idaas/http';
import { ownSessionFacts, signInWaysOf } from '../domain/own-session';
import { endOtherOwnSessions, endOwnSession } from '../grants/end-own-sessions';
import {
  accountStanding,
  backToAccountPage,
  credentialChange,
  doneQuery,
  formsOrRefusal,
  signOutUrlOf,
  type AccountChange,
} from '../hosted/account-change';
import { accountPageResponses, accountPageRoute, type AccountSession } from '../hosted/account-page-route';
import type { HostedDeps } from '../hosted/deps';
import { csrfForm } from '../hosted/flow-page-route';
import { lookFor, sendPage } from '../hosted/page-response';
import {
  accountSessionsPage,
  type AccountSessionsModel,
  type SignedInSessionView,
} from '../pages/account-sessions-page';
import type { MessageKey } from '../pages/messages';
import { changeResponses } from './account-security';

const PATH = '/t/:tenant/account/sessions';

/** What the redirect after a change says happened. */
const DONE = {
  signed_out: 'sessions.signed_out',
  others_signed_out: 'sessions.others_signed_out',
} as const satisfies Record<string, MessageKey>;
type Done = keyof typeof DONE;

const pageQuery = doneQuery(DONE);

const signOutForm = csrfForm.extend({ session_id: z.string().uuid() });

/** Whether this session may sign others out now: the same rule as every other account change. */
async function sessionsAccount(deps: HostedDeps, account: AccountSession) {
  const { refusal } = await accountStanding(deps, account);
  return { refusal };
}
type SessionsAccount = Awaited<ReturnType<typeof sessionsAccount>>;

/**
 * The user's live sessions in this tenant and region, this browser's first: the facts
 * `GET /me/sessions` gives, with the known device's label and the applications' names.
 */
async function signedInSessions(deps: HostedDeps, { tenant, session }: AccountSession) {
  const [sessions, devices] = await Promise.all([
    deps.sessions.liveOf(tenant.tenantId, session.userId, deps.clock()),
    deps.devices.devicesOf(tenant.tenantId, session.userId),
  ]);
  const labels = new Map(devices.map((d) => [d.deviceHash, d.label]));
  const views = sessions.map((s): SignedInSessionView => {
    const facts = ownSessionFacts(s);
    const device = s.deviceHash === undefined ? undefined : labels.get(s.deviceHash);
    return {
      sessionId: facts.sessionId,
      authTime: facts.authTime,
      lastSeenAt: facts.lastSeenAt,
      ways: signInWaysOf(facts.amr),
      ...(device ? { device } : {}),
      // An application deleted since is no longer named.
      applications: (s.clientIds ?? []).flatMap(
        (id) => deps.applications.find(tenant.tenantId, id)?.name ?? [],
      ),
      current: s.sessionId === session.sessionId,
    };
  });
  return [...views.filter((v) => v.current), ...views.filter((v) => !v.current)];
}

async function showSessions(
  deps: HostedDeps,
  req: Request,
  res: Response,
  account: AccountSession,
  status: number,
  say: { notice?: MessageKey; error?: MessageKey } = {},
  state?: SessionsAccount,
): Promise<void> {
  const { tenant } = account;
  const [{ refusal }, sessions] = await Promise.all([
    state ?? sessionsAccount(deps, account),
    signedInSessions(deps, account),
  ]);
  const issuer = deps.issuerOf(tenant);
  const signOut = signOutUrlOf(deps, tenant);
  const model: AccountSessionsModel = {
    sessions,
    ...(await formsOrRefusal(deps, account, refusal)),
    urls: {
      signOutSession: `${issuer}/account/sessions/sign-out`,
      signOutOthers: `${issuer}/account/sessions/sign-out-others`,
      overview: `${issuer}/account`,
      signOut,
    },
    ...say,
  };
  sendPage(res, status, accountSessionsPage(lookFor(deps, tenant, req), model));
}

const sessionsChange = <F>(deps: HostedDeps, change: AccountChange<SessionsAccount, F>) =>
  credentialChange<SessionsAccount, F>(
    (account) => sessionsAccount(deps, account),
    (account, state, req, res) => showSessions(deps, req, res, account, 403, {}, state),
    change,
  );

const backToSessions = (deps: HostedDeps, res: Response, account: AccountSession, done: Done) =>
  backToAccountPage(deps, res, account.tenant, '/account/sessions', done);

/**
 * Another browser of the user signs out, as through `DELETE /me/sessions/{id}`. This browser's own
 * session is not ended here: "Sign out" ends it through the logout, which also clears its cookie.
 */
const signOutSession =
  (deps: HostedDeps): AccountChange<SessionsAccount, z.output<typeof signOutForm>> =>
  async (account, form, state, req, res) => {
    const { tenant, session } = account;
    if (form.session_id === session.sessionId)
      return showSessions(deps, req, res, account, 409, { error: 'sessions.current_by_sign_out' }, state);
    if (!(await endOwnSession(deps, tenant.tenantId, session.userId, form.session_id)))
      return showSessions(deps, req, res, account, 404, { error: 'sessions.not_found' }, state);
    backToSessions(deps, res, account, 'signed_out');
  };

const signOutOthers =
  (deps: HostedDeps): AccountChange<SessionsAccount, unknown> =>
  async (account, _form, _state, _req, res) => {
    const { tenant, session } = account;
    await endOtherOwnSessions(deps, tenant.tenantId, session.userId, session.sessionId);
    backToSessions(deps, res, account, 'others_signed_out');
  };

/**
 * "Where you're signed in" (`/t/{tenant}/account/sessions`), a page of its own beside the security
 * overview: the list grows with every browser and each row carries a form. Bound to the browser's
 * SSO session like the other account pages; signing out needs the session's CSRF token and a
 * recent sign-in, with the second factor when the user has one.
 */
export const accountSessionRoutes = (deps: HostedDeps): AnyRoute[] => [
  accountPageRoute(deps, {
    method: 'get',
    path: PATH,
    operationId: 'showMySignedInSessions',
    summary: 'Where the signed-in user is signed in: their live SSO sessions in this region',
    responses: accountPageResponses({
      200: { description: 'The sessions, this browser first', contentType: 'text/html' },
    }),
    query: pageQuery,
    run: (account, { query }, req, res) =>
      showSessions(deps, req, res, account, 200, query.done ? { notice: DONE[query.done] } : {}),
  }),
  accountPageRoute(deps, {
    method: 'post',
    path: `${PATH}/sign-out`,
    operationId: 'signOutMySession',
    summary: 'Sign another browser of the signed-in user out, with what its session granted',
    responses: changeResponses({
      303: { description: 'Done: back to the sessions page, which says so' },
      400: { description: 'A problem naming `session_id`: it is not a session id' },
      404: {
        description:
          'The sessions page again: no such session of this user (another user’s or tenant’s is as unknown); or the error page: no such tenant',
        contentType: 'text/html',
      },
      409: {
        description: 'The sessions page again: this browser’s own session is ended by signing out',
        contentType: 'text/html',
      },
    }),
    form: signOutForm,
    run: sessionsChange(deps, signOutSession(deps)),
  }),
  accountPageRoute(deps, {
    method: 'post',
    path: `${PATH}/sign-out-others`,
    operationId: 'signOutMyOtherSessions',
    summary: 'Sign every other browser of the signed-in user out, with what they granted',
    responses: changeResponses({ 303: { description: 'Done: back to the sessions page, which says so' } }),
    form: csrfForm,
    run: sessionsChange(deps, signOutOthers(deps)),
  }),
];
