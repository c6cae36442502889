import QRCode from 'qrcode';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { totpUri } from '@idaas/crypto';
import { defineRoute, type AnyRoute } from '@idaas/http';
import { FlowExpiredError, SECOND_FACTOR_AMR, type LoginFlowState, type MfaMethod } from '@idaas/identity';
import type { HostedDeps } from '../hosted/deps';
import { assertCsrf, runningFlow, runningFlowForPage, type RunningFlow } from '../hosted/flow-step';
import { asPage, lookFor, sendPage } from '../hosted/page-response';
import { finishSignIn, mfaDecisionFor } from '../hosted/second-factor';
import { passkeyLink } from '../hosted/passkey-step';
import { verifyChoices, verifyEmailCode } from '../hosted/email-code-step';
import { mfaEnrolPage, mfaVerifyPage, recoveryCodesPage } from '../pages/mfa-pages';
import type { MessageKey } from '../pages/messages';
import { tenantParams } from './tenant-step';

const flowQuery = z.object({ flow: z.string().uuid() });
const codeForm = z.object({
  csrf_token: z.string().max(200).optional(),
  method: z.enum(['totp', 'email_otp', 'recovery_code']).default('totp'),
  code: z.string().max(64).default(''),
  /** The "remember this device" checkbox (`remember-device-field.ts`). */
  remember_device: z.enum(['on']).optional(),
});
const continueForm = z.object({ csrf_token: z.string().max(200).optional() });

const pageResponses = {
  200: { description: 'The page of this step', contentType: 'text/html' },
  303: { description: 'Step done: to the consent page or back to the client' },
  400: { description: 'The page with an error, or the error page (expired flow)', contentType: 'text/html' },
  403: { description: 'Error page: the CSRF token is missing or wrong', contentType: 'text/html' },
  404: { description: 'Error page: no such tenant', contentType: 'text/html' },
};

const OUTCOME_MESSAGES: Record<'wrong' | 'replayed' | 'locked', MessageKey> = {
  wrong: 'mfa.invalid',
  replayed: 'mfa.invalid',
  locked: 'login.locked',
};

/** The flow's user, who must still be allowed to sign in (a lock, even by wrong codes, ends the step). */
export async function signingInUser(deps: HostedDeps, running: RunningFlow): Promise<string | undefined> {
  const userId = running.flow.userId;
  if (!userId) throw new FlowExpiredError(running.flow.id);
  const user = await deps.users.findById(running.tenant.tenantId, userId);
  return user && (user.state === 'active' || user.state === 'password_reset_required') ? userId : undefined;
}

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
  const decision = await mfaDecisionFor(
    deps,
    tenant.tenantId,
    client.applicationId,
    flow.userId ?? '',
    false,
  );
  sendPage(
    res,
    status,
    mfaVerifyPage(lookFor(deps, tenant, req, flow.request.uiLocales), {
      action: `${deps.issuerOf(tenant)}/login/mfa?flow=${flow.id}`,
      csrfToken: running.csrfToken ?? (await deps.flows.rotateCsrf(flow)),
      rememberDeviceDays: deps.policies.effectiveFor(tenant.tenantId, client.applicationId).policy.mfa
        .rememberDeviceDays,
      ...(await verifyChoices(deps, running, decision.readyMethods, open)),
      ...(error ? { error } : {}),
    }),
  );
}

async function verify(
  deps: HostedDeps,
  req: Request,
  res: Response,
  slug: string,
  flowId: string,
  form: z.output<typeof codeForm>,
): Promise<void> {
  const running = await runningFlow(deps, slug, flowId, 'awaiting_second_factor');
  const { tenant, client, flow } = running;
  assertCsrf(flow, form.csrf_token);
  const userId = await signingInUser(deps, running);
  if (!userId) return showVerify(deps, req, res, running, 400, 'login.locked');
  const decision = await mfaDecisionFor(deps, tenant.tenantId, client.applicationId, userId, false);
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
      OUTCOME_MESSAGES[outcome === 'verified' ? 'wrong' : outcome],
      method,
    );
  const rememberDays = form.remember_device === 'on' ? policy.mfa.rememberDeviceDays : 0;
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
  const userId = flow.userId;
  if (!userId) throw new FlowExpiredError(flow.id);
  const user = await deps.users.findById(tenant.tenantId, userId);
  const secret = await deps.mfa.beginTotp(tenant.tenantId, userId, deps.clock());
  const look = lookFor(deps, tenant, req, flow.request.uiLocales);
  const otpauthUri = totpUri({ secret, issuer: look.productName, account: user?.email ?? userId });
  const decision = await mfaDecisionFor(deps, tenant.tenantId, running.client.applicationId, userId, false);
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
      action: `${deps.issuerOf(tenant)}/login/mfa/enrol?flow=${flow.id}`,
      csrfToken: running.csrfToken ?? (await deps.flows.rotateCsrf(flow)),
      secret,
      otpauthUri,
      // A data URL keeps the secret on this page: no image request carries it anywhere else.
      qrDataUrl: await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 1, width: 200 }),
      ...(passkeyUrl ? { passkeyUrl } : {}),
      ...(error ? { error } : {}),
    }),
  );
}

async function confirmEnrolment(
  deps: HostedDeps,
  req: Request,
  res: Response,
  slug: string,
  flowId: string,
  form: z.output<typeof codeForm>,
): Promise<void> {
  const running = await runningFlow(deps, slug, flowId, 'awaiting_mfa_enrolment');
  const { tenant, client, flow } = running;
  assertCsrf(flow, form.csrf_token);
  const userId = await signingInUser(deps, running);
  if (!userId) return showEnrol(deps, req, res, running, 400, 'login.locked');
  const { policy } = deps.policies.effectiveFor(tenant.tenantId, client.applicationId);
  const confirmed = await deps.mfa.confirmTotp(
    tenant.tenantId,
    userId,
    form.code,
    policy.lockout,
    deps.clock(),
  );
  if (confirmed.outcome !== 'verified')
    return showEnrol(deps, req, res, running, 400, OUTCOME_MESSAGES[confirmed.outcome]);
  const to: LoginFlowState = 'showing_recovery_codes';
  if (!(await deps.flows.transition(flow, 'awaiting_mfa_enrolment', to, userId)))
    throw new FlowExpiredError(flow.id);
  sendPage(
    res,
    200,
    recoveryCodesPage(lookFor(deps, tenant, req, flow.request.uiLocales), {
      action: `${deps.issuerOf(tenant)}/login/mfa/recovery-codes?flow=${flow.id}`,
      csrfToken: await deps.flows.rotateCsrf(flow),
      codes: confirmed.recoveryCodes,
    }),
  );
}

async function continueAfterCodes(
  deps: HostedDeps,
  req: Request,
  res: Response,
  slug: string,
  flowId: string,
  form: z.output<typeof continueForm>,
): Promise<void> {
  const running = await runningFlow(deps, slug, flowId, 'showing_recovery_codes');
  assertCsrf(running.flow, form.csrf_token);
  const userId = await signingInUser(deps, running);
  if (!userId) throw new FlowExpiredError(running.flow.id);
  await finishSignIn(deps, req, res, running, userId, ['pwd', ...SECOND_FACTOR_AMR.totp]);
}

/** The second step of the hosted sign-in: `/t/:tenant/login/mfa`, its enrolment and the recovery codes. */
export const mfaRoutes = (deps: HostedDeps): AnyRoute[] => {
  const route = (
    method: 'get' | 'post',
    path: string,
    operationId: string,
    summary: string,
    run: (slug: string, flowId: string, req: Request, res: Response, body: unknown) => Promise<void>,
    body?: z.ZodTypeAny,
  ): AnyRoute =>
    defineRoute({
      method,
      path,
      operationId,
      summary,
      tags: ['hosted pages'],
      params: tenantParams,
      query: flowQuery,
      ...(body ? { body, bodyTypes: ['form' as const] } : {}),
      responses: pageResponses,
      handler: async ({ params, query, req, res, body: parsed }) =>
        asPage(
          deps,
          req,
          res,
          () => deps.tenants.findBySlug(params.tenant),
          () => run(params.tenant, query.flow, req, res, parsed),
        ),
    });
  return [
    route(
      'get',
      '/t/:tenant/login/mfa',
      'showSecondFactorPage',
      'Second step of a sign-in: a TOTP or recovery code',
      async (slug, flowId, req, res) =>
        showVerify(
          deps,
          req,
          res,
          await runningFlowForPage(deps, slug, flowId, 'awaiting_second_factor'),
          200,
        ),
    ),
    route(
      'post',
      '/t/:tenant/login/mfa',
      'submitSecondFactor',
      'Check a TOTP code or spend a recovery code (rate-limited, locks like passwords)',
      (slug, flowId, req, res, body) =>
        verify(deps, req, res, slug, flowId, body as z.output<typeof codeForm>),
      codeForm,
    ),
    route(
      'get',
      '/t/:tenant/login/mfa/enrol',
      'showMfaEnrolmentPage',
      'Enrolment at first sign-in: the TOTP key as otpauth link and text',
      async (slug, flowId, req, res) =>
        showEnrol(
          deps,
          req,
          res,
          await runningFlowForPage(deps, slug, flowId, 'awaiting_mfa_enrolment'),
          200,
        ),
    ),
    route(
      'post',
      '/t/:tenant/login/mfa/enrol',
      'confirmMfaEnrolment',
      'Confirm the TOTP key with a code; answers the recovery codes, shown once',
      (slug, flowId, req, res, body) =>
        confirmEnrolment(deps, req, res, slug, flowId, body as z.output<typeof codeForm>),
      codeForm,
    ),
    route(
      'post',
      '/t/:tenant/login/mfa/recovery-codes',
      'continueAfterRecoveryCodes',
      'The recovery codes were seen: finish the sign-in',
      (slug, flowId, req, res, body) =>
        continueAfterCodes(deps, req, res, slug, flowId, body as z.output<typeof continueForm>),
      continueForm,
    ),
  ];
};
