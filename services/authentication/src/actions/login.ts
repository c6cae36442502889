import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AnyRoute } from '@idaas/http';
import { AMR_REMEMBERED_DEVICE, FlowExpiredError, type SignInRefusal } from '@idaas/identity';
import { asksForMfa, finishSignIn, mfaDecisionFor } from '../hosted/second-factor';
import { startForcedReset } from '../hosted/forced-reset-step';
import type { HostedDeps } from '../hosted/deps';
import { csrfForm, flowFormRoute, flowPageResponses, flowPageRoute } from '../hosted/flow-page-route';
import { assertCsrf, type RunningFlow } from '../hosted/flow-step';
import { showLoginPage } from '../hosted/login-page-step';
import { signInRiskOf } from '../hosted/sign-in-risk';
import { secondFactorPath } from '../hosted/passkey-step';
import type { MessageKey } from '../pages/messages';

const loginForm = csrfForm.extend({
  email: z.string().max(254).optional(),
  password: z.string().max(1024).optional(),
});

/**
 * The same words for a wrong password, an unknown email and a user who may not sign in: the
 * page must not tell which emails have accounts. Only the lockout says more, and it says what
 * the lockout itself already implies.
 */
const REFUSAL_MESSAGES: Record<SignInRefusal, MessageKey> = {
  wrong_password: 'login.invalid',
  unknown_user: 'login.invalid',
  not_active: 'login.invalid',
  locked: 'login.locked',
};

/** Checks the password under the tenant's lockout policy; success starts an SSO session. */
async function signIn(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  form: z.output<typeof loginForm>,
): Promise<void> {
  const { tenant, client, flow } = running;
  assertCsrf(flow, form.csrf_token);
  const email = (form.email ?? '').trim();
  const policy = deps.policies.effectiveFor(tenant.tenantId, client.applicationId).policy;
  const now = deps.clock();
  const result = await deps.users.verifyPassword(
    tenant.tenantId,
    email,
    form.password ?? '',
    policy.lockout,
    now,
  );
  if (result.outcome === 'reset_required') return startForcedReset(deps, res, running, result.user.userId);
  if (result.outcome !== 'signed_in') {
    await showLoginPage(deps, req, res, running, 400, { email, error: REFUSAL_MESSAGES[result.reason] });
    return;
  }
  await afterPassword(deps, req, res, running, result.user.userId, email, result.priorFailures);
}

/**
 * The password was right (and, after a forced reset, the new one set): the second factor when
 * the policy or the client asks for it (or enrolment first), else the session starts now.
 */
export async function afterPassword(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  userId: string,
  email: string,
  priorFailures?: { count: number; lastAt?: Date },
): Promise<void> {
  const { tenant, client, flow } = running;
  const { mfa } = deps.policies.effectiveFor(tenant.tenantId, client.applicationId).policy;
  const risk = await signInRiskOf(deps, req, tenant, userId, mfa, priorFailures);
  const decision = await mfaDecisionFor(
    deps,
    tenant.tenantId,
    client.applicationId,
    userId,
    asksForMfa(flow.request),
    risk,
  );
  if (decision.step === 'none')
    return finishSignIn(
      deps,
      req,
      res,
      running,
      userId,
      decision.rememberedDevice ? ['pwd', AMR_REMEMBERED_DEVICE] : ['pwd'],
    );
  if (decision.step === 'refuse')
    return showLoginPage(deps, req, res, running, 400, { email, error: 'mfa.unavailable' });
  const to = decision.step === 'verify' ? 'awaiting_second_factor' : 'awaiting_mfa_enrolment';
  if (!(await deps.flows.transition(flow, flow.state, to, userId))) throw new FlowExpiredError(flow.id);
  const page = secondFactorPath(decision);
  res
    .status(303)
    .set('Cache-Control', 'no-store')
    .location(`${deps.issuerOf(tenant)}/${page}?flow=${flow.id}`)
    .end();
}

const pageResponses = flowPageResponses({
  200: { description: 'The login page', contentType: 'text/html' },
  303: { description: 'Signed in: to the second factor, the consent page or back to the client' },
  400: {
    description: 'The login page with an error, or the error page (expired flow)',
    contentType: 'text/html',
  },
});

/** The hosted login page of a login flow: `GET|POST /t/:tenant/login?flow=ID`. */
export const loginRoutes = (deps: HostedDeps): AnyRoute[] => [
  flowPageRoute(deps, {
    path: '/t/:tenant/login',
    operationId: 'showLoginPage',
    summary: 'Hosted login page of a login flow',
    responses: pageResponses,
    state: 'awaiting_credentials',
    show: (running, req, res) => showLoginPage(deps, req, res, running, 200),
  }),
  flowFormRoute(deps, {
    path: '/t/:tenant/login',
    operationId: 'submitLogin',
    summary: 'Sign in with email and password',
    responses: pageResponses,
    state: 'awaiting_credentials',
    form: loginForm,
    submit: (running, form, req, res) => signIn(deps, req, res, running, form),
  }),
];
