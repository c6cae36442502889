import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AnyRoute } from '@idaas/http';
import { enrolAuthenticatorApp } from '@idaas/user-store';
import type { AccountChange } from '../hosted/account-change';
import { accountPageRoute, type AccountSession } from '../hosted/account-page-route';
import { authenticatorAppKey } from '../hosted/authenticator-app-key';
import type { HostedDeps } from '../hosted/deps';
import { csrfForm } from '../hosted/flow-page-route';
import { lookFor, sendPage } from '../hosted/page-response';
import { authenticatorAppSetUpPage } from '../pages/account-authenticator-app-page';
import { newRecoveryCodesPage } from '../pages/account-security-page';
import { CODE_REFUSALS } from '../pages/code-input';
import type { MessageKey } from '../pages/messages';
import { changeResponses, securityChange, showOverview, type SecurityAccount } from './account-security';

const PATH = '/t/:tenant/account/authenticator-app';

const confirmForm = csrfForm.extend({ code: z.string().max(64).default('') });

/**
 * The set-up page: the user's pending key (the same one until it is confirmed, as at sign-in,
 * so a code from an app that already scanned it still counts) and the form to confirm it.
 */
async function showSetUp(
  deps: HostedDeps,
  req: Request,
  res: Response,
  account: AccountSession,
  status: number,
  error?: MessageKey,
): Promise<void> {
  const { tenant, session, cookie } = account;
  const look = lookFor(deps, tenant, req);
  const issuer = deps.issuerOf(tenant);
  const key = await authenticatorAppKey(deps, tenant.tenantId, session.userId, look.productName);
  sendPage(
    res,
    status,
    authenticatorAppSetUpPage(look, {
      action: `${issuer}/account/authenticator-app/confirm`,
      csrfToken: await deps.sessions.accountCsrf(tenant.tenantId, cookie),
      ...key,
      overviewUrl: `${issuer}/account`,
      ...(error ? { error } : {}),
    }),
  );
}

/**
 * Step before both posts: a second app is refused (409, remove the first one), and so is any app
 * where the tenant's policy or the admin's choice for this user leaves `totp` out (400).
 */
const whileAppCanBeSetUp =
  <F>(deps: HostedDeps, change: AccountChange<SecurityAccount, F>): AccountChange<SecurityAccount, F> =>
  async (account, form, state, req, res) => {
    if (state.authenticatorApp)
      return showOverview(deps, req, res, account, 409, { error: 'security.app_exists' }, state);
    if (!state.canSetUpAuthenticatorApp)
      return showOverview(deps, req, res, account, 400, { error: 'security.app_unavailable' }, state);
    return change(account, form, state, req, res);
  };

/**
 * A right code enrols the app exactly as at sign-in (`enrolAuthenticatorApp`: the event, the new
 * recovery codes); the codes are shown once, on the answer itself (`Cache-Control: no-store`, as
 * every hosted page). A wrong code counts towards the lockout like one at sign-in; a key shown too
 * long ago is refused and the set-up page shows a new one.
 */
const confirmApp =
  (deps: HostedDeps): AccountChange<SecurityAccount, z.output<typeof confirmForm>> =>
  async (account, form, _state, req, res) => {
    const { tenant, session, cookie } = account;
    const { policy } = deps.policies.effectiveFor(tenant.tenantId, '');
    const confirmed = await enrolAuthenticatorApp(
      { codes: deps.mfa, changes: deps.mfaChanges },
      tenant.tenantId,
      session.userId,
      form.code,
      policy.lockout,
      deps.clock(),
    );
    if (confirmed.outcome !== 'verified')
      return showSetUp(deps, req, res, account, 400, CODE_REFUSALS[confirmed.outcome]);
    // Else every further change here would want a new sign-in, the app now being a second factor
    // (see `credentialChangeRefusal` for what the mark allows, and why it is not `amr`).
    await deps.sessions.recordSecondFactorSetUp(tenant.tenantId, cookie);
    sendPage(
      res,
      200,
      newRecoveryCodesPage(lookFor(deps, tenant, req), {
        codes: confirmed.recoveryCodes,
        overviewUrl: `${deps.issuerOf(tenant)}/account`,
        done: { notice: 'security.app_added', explain: 'security.app_codes_shown_once' },
      }),
    );
  };

const refusals = {
  400: {
    description:
      'The overview again: the tenant’s policy (or the admin, for this user) allows no authenticator app',
    contentType: 'text/html',
  },
  409: {
    description: 'The overview again: the user has an authenticator app already',
    contentType: 'text/html',
  },
};

/**
 * "Set up an authenticator app" on the account security overview, for a user without one where
 * the policy allows it (a tenant whose MFA is optional has no other way to add one): the key is
 * shown on the answer to a post, then confirmed with a code. Both posts carry the session's CSRF
 * token and need a recent sign-in, with the second factor when the user has one (a passkey).
 */
export const accountAuthenticatorAppRoutes = (deps: HostedDeps): AnyRoute[] => [
  accountPageRoute(deps, {
    method: 'post',
    path: `${PATH}/set-up`,
    operationId: 'setUpMyAuthenticatorApp',
    summary: 'Show the signed-in user the key of a new authenticator app (QR code, link, key) to confirm',
    responses: changeResponses({
      200: { description: 'The set-up page: the key and a code field', contentType: 'text/html' },
      ...refusals,
    }),
    form: csrfForm,
    run: securityChange(
      deps,
      whileAppCanBeSetUp(deps, (account, _form, _state, req, res) => showSetUp(deps, req, res, account, 200)),
    ),
  }),
  accountPageRoute(deps, {
    method: 'post',
    path: `${PATH}/confirm`,
    operationId: 'confirmMyAuthenticatorApp',
    summary: 'Confirm the new authenticator app with a code; answers its recovery codes, shown once',
    responses: changeResponses({
      200: {
        description: 'The app is set up: its recovery codes, shown this once (not cached)',
        contentType: 'text/html',
      },
      400: {
        description:
          'The set-up page again: the code is wrong (it counts towards the lockout), or the key shown expired (a new one is shown); or the overview: no authenticator app allowed',
        contentType: 'text/html',
      },
      409: refusals[409],
    }),
    form: confirmForm,
    run: securityChange(deps, whileAppCanBeSetUp(deps, confirmApp(deps))),
  }),
];
