import type { Request, Response } from 'express';
import type { AnyRoute } from '@idaas/http';
import { hasEnrolledSecondFactor } from '@idaas/identity';
import { renewRecoveryCodes } from '@idaas/user-store';
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
  accountSecurityPage,
  newRecoveryCodesPage,
  type AccountSecurityModel,
} from '../pages/account-security-page';
import type { MessageKey } from '../pages/messages';

const PATH = '/t/:tenant/account';

/** What the redirect after a change says happened. */
const DONE = {
  app_removed: 'security.app_removed',
  browsers_forgotten: 'security.browsers_forgotten',
} as const satisfies Record<string, MessageKey>;
type Done = keyof typeof DONE;

const pageQuery = doneQuery(DONE);

/** Where the account's sign-in security stands for this session, as the overview shows it. */
async function securityAccount(deps: HostedDeps, account: AccountSession) {
  const { tenant, session } = account;
  const [{ decision, enrolments, refusal }, devices] = await Promise.all([
    accountStanding(deps, account),
    deps.devices.devicesOf(tenant.tenantId, session.userId),
  ]);
  const now = deps.clock();
  const app = enrolments.find((e) => e.method === 'totp');
  const codes = enrolments.find((e) => e.method === 'recovery_code');
  const passkeyCount = enrolments.filter((e) => e.method === 'webauthn').length;
  const { policy } = deps.policies.effectiveFor(tenant.tenantId, '');
  return {
    refusal,
    authenticatorApp: app
      ? { enrolledAt: app.enrolledAt, ...(app.lastUsedAt ? { lastUsedAt: app.lastUsedAt } : {}) }
      : undefined,
    // As the passkeys page decides about adding a passkey: the tenant's policy and the admin's choice.
    canSetUpAuthenticatorApp: !app && decision.usableMethods.includes('totp'),
    lastFactorWarning: policy.mfa.mode === 'required' && passkeyCount === 0,
    passkeyCount,
    recoveryCodes: codes ? { remaining: codes.remaining ?? 0, issuedAt: codes.enrolledAt } : undefined,
    hasSecondFactor: hasEnrolledSecondFactor({ enrolments }),
    rememberedBrowsers: devices.filter((d) => d.mfaRememberedUntil && d.mfaRememberedUntil > now).length,
  };
}

export type SecurityAccount = Awaited<ReturnType<typeof securityAccount>>;

export async function showOverview(
  deps: HostedDeps,
  req: Request,
  res: Response,
  account: AccountSession,
  status: number,
  say: { notice?: MessageKey; error?: MessageKey } = {},
  state?: SecurityAccount,
): Promise<void> {
  const { tenant } = account;
  const s = state ?? (await securityAccount(deps, account));
  const issuer = deps.issuerOf(tenant);
  const model: AccountSecurityModel = {
    ...(await formsOrRefusal(deps, account, s.refusal)),
    ...(s.authenticatorApp ? { authenticatorApp: s.authenticatorApp } : {}),
    canSetUpAuthenticatorApp: s.canSetUpAuthenticatorApp,
    lastFactorWarning: s.lastFactorWarning,
    passkeyCount: s.passkeyCount,
    ...(s.recoveryCodes ? { recoveryCodes: s.recoveryCodes } : {}),
    hasSecondFactor: s.hasSecondFactor,
    rememberedBrowsers: s.rememberedBrowsers,
    urls: {
      removeAuthenticatorApp: `${issuer}/account/authenticator-app/remove`,
      setUpAuthenticatorApp: `${issuer}/account/authenticator-app/set-up`,
      newRecoveryCodes: `${issuer}/account/recovery-codes`,
      forgetBrowsers: `${issuer}/account/remembered-browsers/forget`,
      passkeys: `${issuer}/account/passkeys`,
      sessions: `${issuer}/account/sessions`,
      signOut: signOutUrlOf(deps, tenant),
    },
    ...say,
  };
  sendPage(res, status, accountSecurityPage(lookFor(deps, tenant, req), model));
}

const backToOverview = (deps: HostedDeps, res: Response, account: AccountSession, done: Done) =>
  backToAccountPage(deps, res, account.tenant, '/account', done);

/**
 * Step before every change on the overview: only while this session may change credentials
 * (`credentialChangeRefusal`, as for passkeys); else the overview again says why (403).
 */
export const securityChange = <F = unknown>(deps: HostedDeps, change: AccountChange<SecurityAccount, F>) =>
  credentialChange<SecurityAccount, F>(
    (account) => securityAccount(deps, account),
    (account, state, req, res) => showOverview(deps, req, res, account, 403, {}, state),
    change,
  );

/** Through `SecondFactorRemoval`: the recovery codes go too when no passkey is left. */
const removeAuthenticatorApp =
  (deps: HostedDeps): AccountChange<SecurityAccount, unknown> =>
  async (account, _form, state, req, res) => {
    const { tenant, session } = account;
    const removed = await deps.secondFactors.removeAuthenticatorApp(
      tenant.tenantId,
      session.userId,
      'user',
      deps.clock(),
    );
    if (!removed.length)
      return showOverview(deps, req, res, account, 404, { error: 'security.app_not_found' }, state);
    backToOverview(deps, res, account, 'app_removed');
  };

/**
 * New recovery codes replace the old ones and are shown once, on the answer to the post itself
 * (`Cache-Control: no-store`, as every hosted page): there is no page to reload them from.
 */
const createRecoveryCodes =
  (deps: HostedDeps): AccountChange<SecurityAccount, unknown> =>
  async (account, _form, state, req, res) => {
    const { tenant, session } = account;
    if (!state.hasSecondFactor)
      return showOverview(deps, req, res, account, 409, { error: 'security.codes_need_factor' }, state);
    const now = deps.clock();
    const codes = await renewRecoveryCodes(
      { codes: deps.mfa, changes: deps.mfaChanges },
      tenant.tenantId,
      session.userId,
      'user',
      now,
    );
    const overviewUrl = `${deps.issuerOf(tenant)}/account`;
    sendPage(res, 200, newRecoveryCodesPage(lookFor(deps, tenant, req), { codes, overviewUrl }));
  };

/** Every browser asks for the second factor again; the browsers stay known for new-device notices. */
const forgetRememberedBrowsers =
  (deps: HostedDeps): AccountChange<SecurityAccount, unknown> =>
  async (account, _form, _state, _req, res) => {
    await deps.devices.forgetMfaRemembered(account.tenant.tenantId, account.session.userId);
    backToOverview(deps, res, account, 'browsers_forgotten');
  };

const pageResponses = accountPageResponses({
  200: {
    description:
      'The account security overview: authenticator app, passkeys, recovery codes, remembered browsers',
    contentType: 'text/html',
  },
});
export const changeResponses = (own: Parameters<typeof accountPageResponses>[0]) =>
  accountPageResponses({
    ...own,
    403: {
      description:
        'The overview again: this session must sign in again (recently, with the second factor) first; or "sign in first", or the CSRF error page',
      contentType: 'text/html',
    },
  });

/**
 * The signed-in user's sign-in security on the hosted pages (`/t/{tenant}/account`), bound to the
 * browser's SSO session like the passkeys page: what they hold, and "Remove the authenticator
 * app", "Create new codes", "Forget all browsers". Each change is a form with the session's CSRF
 * token and needs a recent sign-in, with the second factor when the user has one.
 */
export const accountSecurityRoutes = (deps: HostedDeps): AnyRoute[] => [
  accountPageRoute(deps, {
    method: 'get',
    path: PATH,
    operationId: 'showMyAccountSecurityPage',
    summary: 'The signed-in user’s sign-in security overview (SSO session)',
    responses: pageResponses,
    query: pageQuery,
    run: (account, { query }, req, res) =>
      showOverview(deps, req, res, account, 200, query.done ? { notice: DONE[query.done] } : {}),
  }),
  accountPageRoute(deps, {
    method: 'post',
    path: `${PATH}/authenticator-app/remove`,
    operationId: 'removeMyAuthenticatorApp',
    summary: 'Remove the signed-in user’s authenticator app (and orphaned recovery codes)',
    responses: changeResponses({
      303: { description: 'Done: back to the overview, which says so' },
      404: {
        description:
          'The overview again: the user has no authenticator app; or the error page: no such tenant',
        contentType: 'text/html',
      },
    }),
    form: csrfForm,
    run: securityChange(deps, removeAuthenticatorApp(deps)),
  }),
  accountPageRoute(deps, {
    method: 'post',
    path: `${PATH}/recovery-codes`,
    operationId: 'createMyRecoveryCodes',
    summary: 'Replace the signed-in user’s recovery codes with new ones, shown once',
    responses: changeResponses({
      200: { description: 'The new recovery codes, shown this once (not cached)', contentType: 'text/html' },
      409: {
        description: 'The overview again: recovery codes need a second factor first',
        contentType: 'text/html',
      },
    }),
    form: csrfForm,
    run: securityChange(deps, createRecoveryCodes(deps)),
  }),
  accountPageRoute(deps, {
    method: 'post',
    path: `${PATH}/remembered-browsers/forget`,
    operationId: 'forgetMyRememberedBrowsers',
    summary: 'Every browser of the signed-in user asks for the second factor again',
    responses: changeResponses({ 303: { description: 'Done: back to the overview, which says so' } }),
    form: csrfForm,
    run: securityChange(deps, forgetRememberedBrowsers(deps)),
  }),
];
