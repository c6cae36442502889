import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AnyRoute } from '@idaas/http';
import { FlowExpiredError, SECOND_FACTOR_AMR, type MfaMethod } from '@idaas/identity';
import { enrolAuthenticatorApp } from '@idaas/user-store';
import { authenticatorAppKey } from '../hosted/authenticator-app-key';
import type { HostedDeps } from '../hosted/deps';
import { flowUrl, type RunningFlow } from '../hosted/flow-step';
import { csrfForm, flowFormRoute, flowPageResponses, flowPageRoute } from '../hosted/flow-page-route';
import { lookFor, sendPage } from '../hosted/page-response';
import { showRecoveryCodesOnce } from '../hosted/recovery-codes-step';
import { finishSignIn, flowMfaDecision, flowUserId, signingInUser } from '../hosted/second-factor';
import { passkeyLink } from '../hosted/passkey-step';
import { verifyChoices, verifyEmailCode } from '../hosted/email-code-step';
import { rememberDeviceDaysAfter } from '../domain/remember-device';
import { CODE_REFUSALS } from '../pages/code-input';
import { mfaEnrolPage, mfaVerifyPage } from '../pages/mfa-pages';
import type { MessageKey } from '../pages/messages';

const codeForm = csrfForm.extend({
  method: z.enum(['totp', 'email_otp', 'recovery_code']).default('totp'),
  code: z.string().max(64).default(''),
  /** The "remember this device" checkbox (`remember-device-field.ts`). */
  remember_device: z.enum(['on']).optional(),
});

const pageResponses = flowPageResponses({
  200: { description: 'The page of this step', contentType: 'text/html' },
  303: { description: 'Step done: to the consent page or back to the client' },
  400: { description: 'The page with an error, or the error page (expired flow)', contentType: 'text/html' },
});

/** The second-factor page; `open` is the method just used (an email sent, a code refused), shown first. */
export async function showVerify(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  status: number,
  error?: MessageKey,
  open?: MfaMethod,
): Promise<void> {
  const { tenant, client, flow } = running;
  const decision = await flowMfaDecision(deps, running, flow.userId ?? '');
  sendPage(
    res,
    status,
    mfaVerifyPage(lookFor(deps, tenant, req, flow.request.uiLocales), {
      action: flowUrl(deps, running, 'login/mfa'),
      csrfToken: running.csrfToken ?? (await deps.flows.rotateCsrf(flow)),
      rememberDeviceDays: deps.policies.effectiveFor(tenant.tenantId, client.applicationId).policy.mfa
        .rememberDeviceDays,
      ...(await verifyChoices(deps, running, decision, open)),
      ...(error ? { error } : {}),
    }),
  );
}

async function verify(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  form: z.output<typeof codeForm>,
): Promise<void> {
  const { tenant, client } = running;
  const userId = await signingInUser(deps, running, form.csrf_token);
  if (!userId) return showVerify(deps, req, res, running, 400, 'login.locked');
  const decision = await flowMfaDecision(deps, running, userId);
  // A method the policy or the admin does not allow here counts as a wrong code.
  const method = decision.usableMethods.includes(form.method) ? form.method : undefined;
  const { policy } = deps.policies.effectiveFor(tenant.tenantId, client.applicationId);
  const outcome =
    method === 'email_otp'
      ? await verifyEmailCode(deps, running, userId, form.code, policy.lockout)
      : method
        ? await deps.mfa.verify(tenant.tenantId, userId, method, form.code, policy.lockout, deps.clock())
        : 'wrong';
  if (outcome !== 'verified' || !method)
    return showVerify(
      deps,
      req,
      res,
      running,
      400,
      CODE_REFUSALS[outcome === 'verified' ? 'wrong' : outcome],
      method,
    );
  const rememberDays = rememberDeviceDaysAfter(
    method,
    form.remember_device === 'on',
    policy.mfa.rememberDeviceDays,
  );
  await finishSignIn(deps, req, res, running, userId, ['pwd', ...SECOND_FACTOR_AMR[method]], rememberDays);
}

async function showEnrol(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  status: number,
  error?: MessageKey,
): Promise<void> {
  const { tenant, flow } = running;
  const userId = flowUserId(running);
  const look = lookFor(deps, tenant, req, flow.request.uiLocales);
  const key = await authenticatorAppKey(deps, tenant.tenantId, userId, look.productName);
  const decision = await flowMfaDecision(deps, running, userId);
  const passkeyUrl = passkeyLink(
    deps.issuerOf(tenant),
    decision.usableMethods.includes('webauthn'),
    'login/mfa/enrol/webauthn',
    flow.id,
  );
  sendPage(
    res,
    status,
    mfaEnrolPage(look, {
      action: flowUrl(deps, running, 'login/mfa/enrol'),
      csrfToken: running.csrfToken ?? (await deps.flows.rotateCsrf(flow)),
      ...key,
      ...(passkeyUrl ? { passkeyUrl } : {}),
      ...(error ? { error } : {}),
    }),
  );
}

async function confirmEnrolment(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  form: z.output<typeof codeForm>,
): Promise<void> {
  const { tenant, client } = running;
  const userId = await signingInUser(deps, running, form.csrf_token);
  if (!userId) return showEnrol(deps, req, res, running, 400, 'login.locked');
  const { policy } = deps.policies.effectiveFor(tenant.tenantId, client.applicationId);
  const confirmed = await enrolAuthenticatorApp(
    { codes: deps.mfa, changes: deps.mfaChanges },
    tenant.tenantId,
    userId,
    form.code,
    policy.lockout,
    deps.clock(),
  );
  if (confirmed.outcome !== 'verified')
    return showEnrol(deps, req, res, running, 400, CODE_REFUSALS[confirmed.outcome]);
  await showRecoveryCodesOnce(deps, req, res, running, userId, confirmed.recoveryCodes, {
    state: 'showing_recovery_codes',
    continuePath: 'login/mfa/recovery-codes',
  });
}

async function continueAfterCodes(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  form: z.output<typeof csrfForm>,
): Promise<void> {
  const userId = await signingInUser(deps, running, form.csrf_token);
  if (!userId) throw new FlowExpiredError(running.flow.id);
  await finishSignIn(deps, req, res, running, userId, ['pwd', ...SECOND_FACTOR_AMR.totp]);
}

/** The second step of the hosted sign-in: `/t/:tenant/login/mfa`, its enrolment and the recovery codes. */
export const mfaRoutes = (deps: HostedDeps): AnyRoute[] => [
  flowPageRoute(deps, {
    path: '/t/:tenant/login/mfa',
    operationId: 'showSecondFactorPage',
    summary: 'Second step of a sign-in: a TOTP or recovery code',
    responses: pageResponses,
    state: 'awaiting_second_factor',
    show: (running, req, res) => showVerify(deps, req, res, running, 200),
  }),
  flowFormRoute(deps, {
    path: '/t/:tenant/login/mfa',
    operationId: 'submitSecondFactor',
    summary: 'Check a TOTP code or spend a recovery code (rate-limited, locks like passwords)',
    responses: pageResponses,
    state: 'awaiting_second_factor',
    form: codeForm,
    submit: (running, form, req, res) => verify(deps, req, res, running, form),
  }),
  flowPageRoute(deps, {
    path: '/t/:tenant/login/mfa/enrol',
    operationId: 'showMfaEnrolmentPage',
    summary: 'Enrolment at first sign-in: the TOTP key as otpauth link and text',
    responses: pageResponses,
    state: 'awaiting_mfa_enrolment',
    show: (running, req, res) => showEnrol(deps, req, res, running, 200),
  }),
  flowFormRoute(deps, {
    path: '/t/:tenant/login/mfa/enrol',
    operationId: 'confirmMfaEnrolment',
    summary: 'Confirm the TOTP key with a code; answers the recovery codes, shown once',
    responses: pageResponses,
    state: 'awaiting_mfa_enrolment',
    form: codeForm,
    submit: (running, form, req, res) => confirmEnrolment(deps, req, res, running, form),
  }),
  flowFormRoute(deps, {
    path: '/t/:tenant/login/mfa/recovery-codes',
    operationId: 'continueAfterRecoveryCodes',
    summary: 'The recovery codes were seen: finish the sign-in',
    responses: pageResponses,
    state: 'showing_recovery_codes',
    form: csrfForm,
    submit: (running, form, req, res) => continueAfterCodes(deps, req, res, running, form),
  }),
];
