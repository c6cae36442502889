import type { Request, Response } from 'express';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '@idaas/http';
import type { HostedDeps } from '../hosted/deps';
import { sendEmailCode } from '../hosted/email-code-step';
import { assertCsrf, runningFlow } from '../hosted/flow-step';
import { asPage } from '../hosted/page-response';
import { mfaDecisionFor } from '../hosted/second-factor';
import { showVerify, signingInUser } from './mfa';
import { tenantParams } from './tenant-step';

const flowQuery = z.object({ flow: z.string().uuid() });
const sendForm = z.object({ csrf_token: z.string().max(200).optional() });

/**
 * Sends (or sends again) a code by email during the second step of a sign-in, and shows the
 * page asking for it. Only where the policy and the admin allow email codes and the address is
 * verified; a resend within half a minute, or beyond five per sign-in, is refused.
 */
async function sendCode(
  deps: HostedDeps,
  req: Request,
  res: Response,
  slug: string,
  flowId: string,
  form: z.output<typeof sendForm>,
): Promise<void> {
  const running = await runningFlow(deps, slug, flowId, 'awaiting_second_factor');
  const { tenant, client, flow } = running;
  assertCsrf(flow, form.csrf_token);
  const userId = await signingInUser(deps, running);
  if (!userId) return showVerify(deps, req, res, running, 400, 'login.locked');
  const decision = await mfaDecisionFor(deps, tenant.tenantId, client.applicationId, userId, false);
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
  defineRoute({
    method: 'post',
    path: '/t/:tenant/login/mfa/email',
    operationId: 'sendSecondFactorEmail',
    summary: 'Email a one-time sign-in code (second factor); a new one replaces the previous one',
    tags: ['hosted pages'],
    params: tenantParams,
    query: flowQuery,
    body: sendForm,
    bodyTypes: ['form'],
    responses: {
      200: { description: 'Sent: the page asking for the code', contentType: 'text/html' },
      400: {
        description: 'Email codes are not allowed for this user here, or the flow expired',
        contentType: 'text/html',
      },
      403: { description: 'Error page: the CSRF token is missing or wrong', contentType: 'text/html' },
      404: { description: 'Error page: no such tenant', contentType: 'text/html' },
      429: {
        description: 'Sent too recently (`Retry-After`) or too often for this sign-in',
        contentType: 'text/html',
      },
    },
    handler: async ({ params, query, req, res, body }) =>
      asPage(
        deps,
        req,
        res,
        () => deps.tenants.findBySlug(params.tenant),
        () => sendCode(deps, req, res, params.tenant, query.flow, body),
      ),
  }),
];
