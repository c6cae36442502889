import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AnyRoute } from '@idaas/http';
import {
  IllegalTransitionError,
  PasswordReuseError,
  passwordViolations,
  UserNotFoundError,
} from '@idaas/identity';
import { revokeUserGrants } from '../grants/revoke-family';
import type { HostedDeps } from '../hosted/deps';
import { csrfForm, flowFormRoute, flowPageResponses, flowPageRoute } from '../hosted/flow-page-route';
import { assertCsrf, flowUrl, type RunningFlow } from '../hosted/flow-step';
import { NEW_PASSWORD_PATH } from '../hosted/forced-reset-step';
import { lookFor, pageError, sendPage } from '../hosted/page-response';
import { flowUserId } from '../hosted/second-factor';
import { newPasswordPage } from '../pages/new-password-page';
import type { MessageKey } from '../pages/messages';
import { afterPassword } from './login';

const newPasswordForm = csrfForm.extend({
  password: z.string().max(1024).default(''),
  password_confirm: z.string().max(1024).default(''),
});

async function showNewPassword(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  status: number,
  error?: { key: MessageKey; vars?: Record<string, string> },
): Promise<void> {
  const { tenant, client, flow } = running;
  const look = lookFor(deps, tenant, req, flow.request.uiLocales);
  const rules = deps.policies.effectiveFor(tenant.tenantId, client.applicationId).policy.password;
  sendPage(
    res,
    status,
    newPasswordPage(look, {
      action: flowUrl(deps, running, NEW_PASSWORD_PATH),
      csrfToken: running.csrfToken ?? (await deps.flows.rotateCsrf(flow)),
      minLength: rules.minLength,
      ...(error ? { error: look.t(error.key, error.vars) } : {}),
    }),
  );
}

/**
 * Sets the new password of a forced reset and goes on signing in. The user becomes active again
 * in the same write (one `idaas.user.state_changed.v1`), and whatever the old password obtained
 * (SSO sessions, refresh and access tokens) is revoked before the new session starts.
 */
async function chooseNewPassword(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  form: z.output<typeof newPasswordForm>,
): Promise<void> {
  const { tenant, client, flow } = running;
  assertCsrf(flow, form.csrf_token);
  const userId = flowUserId(running);
  const rules = deps.policies.effectiveFor(tenant.tenantId, client.applicationId).policy.password;
  if (passwordViolations(form.password, rules).length > 0) {
    const tooShort = form.password.length < rules.minLength;
    return showNewPassword(deps, req, res, running, 400, {
      key: tooShort ? 'reset.too_short' : 'reset.common',
      vars: { min: String(rules.minLength) },
    });
  }
  if (form.password !== form.password_confirm)
    return showNewPassword(deps, req, res, running, 400, { key: 'reset.mismatch' });
  const now = deps.clock();
  let email: string;
  try {
    email = (await deps.users.completeForcedReset(tenant.tenantId, userId, form.password, now)).email;
  } catch (e) {
    if (e instanceof PasswordReuseError)
      return showNewPassword(deps, req, res, running, 400, { key: 'reset.same' });
    // Disabled, locked or deleted meanwhile, or the reset was completed elsewhere: start over.
    if (e instanceof IllegalTransitionError || e instanceof UserNotFoundError)
      throw pageError(400, 'error.flow_expired');
    throw e;
  }
  await deps.sessions.endAllOf(tenant.tenantId, userId);
  await revokeUserGrants(deps, tenant.tenantId, userId, now);
  await afterPassword(deps, req, res, running, userId, email);
}

const pageResponses = flowPageResponses({
  200: { description: 'The new-password page', contentType: 'text/html' },
  303: { description: 'New password set: to the second factor, the consent page or back to the client' },
  400: {
    description: 'The page with what is wrong with the password, or the error page (expired flow)',
    contentType: 'text/html',
  },
});

/** The new-password step of a sign-in after an admin forced a reset: `GET|POST /t/:tenant/login/new-password?flow=ID`. */
export const newPasswordRoutes = (deps: HostedDeps): AnyRoute[] => [
  flowPageRoute(deps, {
    path: `/t/:tenant/${NEW_PASSWORD_PATH}`,
    operationId: 'showNewPasswordPage',
    summary: 'Hosted page to choose a new password when an admin forced a reset',
    responses: pageResponses,
    state: 'awaiting_new_password',
    show: (running, req, res) => showNewPassword(deps, req, res, running, 200),
  }),
  flowFormRoute(deps, {
    path: `/t/:tenant/${NEW_PASSWORD_PATH}`,
    operationId: 'submitNewPassword',
    summary: 'Set the new password of a forced reset and continue signing in',
    responses: pageResponses,
    state: 'awaiting_new_password',
    form: newPasswordForm,
    submit: (running, form, req, res) => chooseNewPassword(deps, req, res, running, form),
  }),
];
