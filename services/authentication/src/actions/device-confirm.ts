import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AnyRoute } from '@idaas/http';
import { acrOf } from '@idaas/identity';
import type { DeviceAuthorization } from '../domain/device-authorization';
import type { HostedDeps } from '../hosted/deps';
import { csrfForm, flowFormRoute, flowPageResponses, flowPageRoute } from '../hosted/flow-page-route';
import { assertCsrf, runningFlow, type RunningFlow } from '../hosted/flow-step';
import { lookFor, pageError, sendPage } from '../hosted/page-response';
import type { SsoSession } from '../store/session-store';
import { deviceConfirmPage, deviceDonePage } from '../pages/device-pages';
import { consentingUser } from './consent';

const confirmForm = csrfForm.extend({ decision: z.enum(['allow', 'deny']) });

type Confirming = RunningFlow & { session: SsoSession; device: DeviceAuthorization };

/**
 * Step: the flow is a device's sign-in, of the user of this browser's session, and the device's
 * request still awaits a decision (not expired, not decided in another tab).
 */
async function confirmingUser(deps: HostedDeps, req: Request, running: RunningFlow): Promise<Confirming> {
  const a = await consentingUser(deps, req, running);
  const id = a.flow.request.deviceAuthorizationId;
  const device =
    id && (await deps.deviceAuthorizations.findAwaitingUser(a.tenant.tenantId, id, deps.clock()));
  if (!device) throw pageError(400, 'error.flow_expired');
  return { ...a, device };
}

async function showConfirmation(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
): Promise<void> {
  const { tenant, client, flow, device } = await confirmingUser(deps, req, running);
  const csrfToken = await deps.flows.rotateCsrf(flow);
  sendPage(
    res,
    200,
    deviceConfirmPage(lookFor(deps, tenant, req, flow.request.uiLocales), {
      action: `${deps.issuerOf(tenant)}/device/confirm?flow=${flow.id}`,
      csrfToken,
      clientName: client.name,
      scopes: device.scope,
    }),
  );
}

/**
 * The user's decision, taken once: the flow moves first (of two submissions one wins), then the
 * device's request, which the device's next poll turns into tokens or `access_denied`.
 */
async function decide(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  form: z.output<typeof confirmForm>,
): Promise<void> {
  const a = await confirmingUser(deps, req, running);
  assertCsrf(a.flow, form.csrf_token);
  const { tenant, client, flow, session, device } = a;
  const allowed = form.decision === 'allow';
  if (
    !(await deps.flows.transition(flow, 'awaiting_consent', allowed ? 'completed' : 'denied', session.userId))
  )
    throw pageError(400, 'error.flow_expired');
  const decision = allowed
    ? {
        approval: {
          userId: session.userId,
          sessionId: session.sessionId,
          authTime: session.authTime,
          amr: session.amr,
          acr: acrOf(session.amr),
        },
      }
    : ('denied' as const);
  if (!(await deps.deviceAuthorizations.decide(tenant.tenantId, device.id, decision, deps.clock())))
    throw pageError(400, 'error.flow_expired');
  // So the application hears over the back channel when this session ends.
  if (allowed) await deps.sessions.signedInTo(session, client.applicationId);
  sendPage(res, 200, deviceDonePage(lookFor(deps, tenant, req, flow.request.uiLocales), allowed));
}

const pageResponses = flowPageResponses({
  200: {
    description: 'The confirmation page, or after the decision the page saying so',
    contentType: 'text/html',
  },
  400: {
    description:
      'Error page: the flow or the device request expired, was decided, or belongs to another session',
    contentType: 'text/html',
  },
});

/** The device confirmation page: `GET|POST /t/:tenant/device/confirm?flow=ID`. */
export const deviceConfirmRoutes = (deps: HostedDeps): AnyRoute[] => [
  flowPageRoute(deps, {
    path: '/t/:tenant/device/confirm',
    operationId: 'showDeviceConfirmationPage',
    summary: 'Hosted page to allow or deny a device the user is signing in to (RFC 8628 section 5.4)',
    responses: pageResponses,
    state: 'awaiting_consent',
    // The CSRF token is rotated only once the browser's session is known to be the flow's user's.
    find: runningFlow,
    show: (running, req, res) => showConfirmation(deps, req, res, running),
  }),
  flowFormRoute(deps, {
    path: '/t/:tenant/device/confirm',
    operationId: 'submitDeviceConfirmation',
    summary: 'Allow or deny a device',
    responses: pageResponses,
    state: 'awaiting_consent',
    form: confirmForm,
    submit: (running, form, req, res) => decide(deps, req, res, running, form),
  }),
];
