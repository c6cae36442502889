import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { AnyRoute } from '@idaas/http';
import type { HostedDeps } from '../hosted/deps';
import { sendEmailCode } from '../hosted/email-code-step';
import { csrfForm, flowFormRoute, flowPageResponses } from '../hosted/flow-page-route';
import type { RunningFlow } from '../hosted/flow-step';
import { flowMfaDecision, signingInUser } from '../hosted/second-factor';
import { showVerify } from './mfa';

/**
 * Sends (or sends again) a code by email during the second step of a sign-in, and shows the
 * page asking for it. Only where the policy and the admin allow email codes and the address is
 * verified; a resend within half a minute, or beyond five per sign-in, is refused.
 */
async function sendCode(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  form: z.output<typeof csrfForm>,
): Promise<void> {
  const userId = await signingInUser(deps, running, form.csrf_token);
  if (!userId) return showVerify(deps, req, res, running, 400, 'login.locked');
  const decision = await flowMfaDecision(deps, running, userId);
  if (!decision.readyMethods.includes('email_otp'))
    return showVerify(deps, req, res, running, 400, 'mfa.unavailable');
  const sent = await sendEmailCode(deps, running, userId);
  if (sent.sent) return showVerify(deps, req, res, running, 200, undefined, 'email_otp');
  if (sent.retryAfterSeconds) res.setHeader('retry-after', String(sent.retryAfterSeconds));
  return showVerify(
    deps,
    req,
    res,
    running,
    429,
    sent.retryAfterSeconds ? 'mfa.email_wait' : 'mfa.email_limit',
    'email_otp',
  );
}

/** `/t/:tenant/login/mfa/email`: the "Email me a code" and "Send a new code" buttons. */
export const mfaEmailRoutes = (deps: HostedDeps): AnyRoute[] => [
  flowFormRoute(deps, {
    path: '/t/:tenant/login/mfa/email',
    operationId: 'sendSecondFactorEmail',
    summary: 'Email a one-time sign-in code (second factor); a new one replaces the previous one',
    responses: flowPageResponses({
      200: { description: 'Sent: the page asking for the code', contentType: 'text/html' },
      400: {
        description: 'Email codes are not allowed for this user here, or the flow expired',
        contentType: 'text/html',
      },
      429: {
        description: 'Sent too recently (`Retry-After`) or too often for this sign-in',
        contentType: 'text/html',
      },
    }),
    state: 'awaiting_second_factor',
    form: csrfForm,
    submit: (running, form, req, res) => sendCode(deps, req, res, running, form),
  }),
];
