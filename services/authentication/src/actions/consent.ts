import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AnyRoute } from '@idaas/http';
import { authorizationError, errorToClient } from '../hosted/client-response';
import { completeAuthorization } from '../hosted/complete-authorization';
import type { HostedDeps } from '../hosted/deps';
import { csrfForm, flowFormRoute, flowPageResponses, flowPageRoute } from '../hosted/flow-page-route';
import { assertCsrf, runningFlow, type RunningFlow } from '../hosted/flow-step';
import { liveSession } from '../hosted/live-session';
import { lookFor, pageError, sendPage } from '../hosted/page-response';
import type { SsoSession } from '../store/session-store';
import { consentPage } from '../pages/consent-page';

const consentForm = csrfForm.extend({
  decision: z.enum(['allow', 'deny']),
});

/** Step: the consent flow belongs to the user of this browser's session. */
export async function consentingUser(
  deps: HostedDeps,
  req: Request,
  running: RunningFlow,
): Promise<RunningFlow & { session: SsoSession }> {
  const session = await liveSession(deps, req, running.tenant);
  if (!session || session.userId !== running.flow.userId) throw pageError(400, 'error.flow_expired');
  return { ...running, session };
}

/** Step: a device's sign-in is confirmed on its own page, never here (it has no redirect URI). */
function applicationFlow(running: RunningFlow): RunningFlow {
  if (running.flow.request.deviceAuthorizationId !== undefined) throw pageError(400, 'error.flow_expired');
  return running;
}

async function showConsent(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
): Promise<void> {
  const { tenant, client, flow } = await consentingUser(deps, req, applicationFlow(running));
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
  running: RunningFlow,
  form: z.output<typeof consentForm>,
): Promise<void> {
  const a = await consentingUser(deps, req, applicationFlow(running));
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

const pageResponses = flowPageResponses({
  200: { description: 'The consent page', contentType: 'text/html' },
  303: { description: 'Back to the client with a code, or with access_denied' },
  400: {
    description: 'Error page: the flow expired or belongs to another session',
    contentType: 'text/html',
  },
});

/** Consent for third-party applications: `GET|POST /t/:tenant/consent?flow=ID`. */
export const consentRoutes = (deps: HostedDeps): AnyRoute[] => [
  flowPageRoute(deps, {
    path: '/t/:tenant/consent',
    operationId: 'showConsentPage',
    summary: 'Hosted consent page for a third-party application',
    responses: pageResponses,
    state: 'awaiting_consent',
    // The page's CSRF token is rotated only once the browser's session is known to be the flow's user's.
    find: runningFlow,
    show: (running, req, res) => showConsent(deps, req, res, running),
  }),
  flowFormRoute(deps, {
    path: '/t/:tenant/consent',
    operationId: 'submitConsent',
    summary: 'Allow or deny a third-party application',
    responses: pageResponses,
    state: 'awaiting_consent',
    form: consentForm,
    submit: (running, form, req, res) => decide(deps, req, res, running, form),
  }),
];
