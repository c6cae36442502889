import type { Request, Response } from 'express';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '@idaas/http';
import { authorizationError, errorToClient } from '../hosted/client-response';
import { completeAuthorization } from '../hosted/complete-authorization';
import type { HostedDeps } from '../hosted/deps';
import { assertCsrf, runningFlow, type RunningFlow } from '../hosted/flow-step';
import { liveSession } from '../hosted/live-session';
import { asPage, lookFor, pageError, sendPage } from '../hosted/page-response';
import type { SsoSession } from '../store/session-store';
import { consentPage } from '../pages/consent-page';
import { tenantParams } from './tenant-step';

const flowQuery = z.object({ flow: z.string().uuid() });
const consentForm = z.object({
  csrf_token: z.string().max(200).optional(),
  decision: z.enum(['allow', 'deny']),
});

/** Step: the consent flow belongs to the user of this browser's session. */
async function consentingUser(
  deps: HostedDeps,
  req: Request,
  slug: string,
  flowId: string,
): Promise<RunningFlow & { session: SsoSession }> {
  const running = await runningFlow(deps, slug, flowId, 'awaiting_consent');
  const session = await liveSession(deps, req, running.tenant);
  if (!session || session.userId !== running.flow.userId) throw pageError(400, 'error.flow_expired');
  return { ...running, session };
}

async function showConsent(
  deps: HostedDeps,
  req: Request,
  res: Response,
  slug: string,
  flowId: string,
): Promise<void> {
  const { tenant, client, flow } = await consentingUser(deps, req, slug, flowId);
  const csrfToken = await deps.flows.rotateCsrf(flow);
  sendPage(
    res,
    200,
    consentPage(lookFor(deps, tenant, req, flow.request.uiLocales), {
      action: `${deps.issuerOf(tenant)}/consent?flow=${flow.id}`,
      csrfToken,
      clientName: client.name,
      scopes: flow.request.scope,
    }),
  );
}

/** Allow is remembered for these scopes; deny ends the flow with access_denied at the client. */
async function decide(
  deps: HostedDeps,
  req: Request,
  res: Response,
  slug: string,
  flowId: string,
  form: z.output<typeof consentForm>,
): Promise<void> {
  const a = await consentingUser(deps, req, slug, flowId);
  assertCsrf(a.flow, form.csrf_token);
  const { tenant, client, flow, session } = a;
  if (form.decision === 'deny') {
    if (!(await deps.flows.transition(flow, 'awaiting_consent', 'denied')))
      throw pageError(400, 'error.flow_expired');
    errorToClient(
      res,
      lookFor(deps, tenant, req, flow.request.uiLocales),
      { ...flow.request, issuer: deps.issuerOf(tenant) },
      authorizationError('access_denied', 'The user denied access.'),
    );
    return;
  }
  await deps.consents.remember(
    tenant.tenantId,
    session.userId,
    client.applicationId,
    flow.request.scope,
    deps.clock(),
  );
  await completeAuthorization(deps, req, res, { tenant, client, request: flow.request, session, flow }, true);
}

const pageResponses = {
  200: { description: 'The consent page', contentType: 'text/html' },
  303: { description: 'Back to the client with a code, or with access_denied' },
  400: {
    description: 'Error page: the flow expired or belongs to another session',
    contentType: 'text/html',
  },
  403: { description: 'Error page: the CSRF token is missing or wrong', contentType: 'text/html' },
  404: { description: 'Error page: no such tenant', contentType: 'text/html' },
};

/** Consent for third-party applications: `GET|POST /t/:tenant/consent?flow=ID`. */
export const consentRoutes = (deps: HostedDeps): AnyRoute[] => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/consent',
    operationId: 'showConsentPage',
    summary: 'Hosted consent page for a third-party application',
    tags: ['hosted pages'],
    params: tenantParams,
    query: flowQuery,
    responses: pageResponses,
    handler: async ({ params, query, req, res }) =>
      asPage(
        deps,
        req,
        res,
        () => deps.tenants.findBySlug(params.tenant),
        () => showConsent(deps, req, res, params.tenant, query.flow),
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/consent',
    operationId: 'submitConsent',
    summary: 'Allow or deny a third-party application',
    tags: ['hosted pages'],
    params: tenantParams,
    query: flowQuery,
    body: consentForm,
    bodyTypes: ['form'],
    responses: pageResponses,
    handler: async ({ params, query, body, req, res }) =>
      asPage(
        deps,
        req,
        res,
        () => deps.tenants.findBySlug(params.tenant),
        () => decide(deps, req, res, params.tenant, query.flow, body),
      ),
  }),
];
