import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AnyRoute } from '@idaas/http';
import type { TenantView } from '@idaas/replica';
import type { AuthorizationRequest } from '../domain/authorization-request';
import type { DeviceAuthorization } from '../domain/device-authorization';
import { activeTenant } from '../hosted/active-tenant';
import { completeAuthorization } from '../hosted/complete-authorization';
import type { HostedDeps } from '../hosted/deps';
import { hostedPageRoute } from '../hosted/hosted-page-route';
import { liveSession } from '../hosted/live-session';
import { lookFor, pageError, sendPage } from '../hosted/page-response';
import { needsStepUp } from '../hosted/second-factor';
import { assertUserCodeEntry, userCodeEntry } from '../hosted/user-code-entry';
import type { MessageKey } from '../pages/messages';
import { userCodePage } from '../pages/device-pages';
import { newLoginFlow } from '../hosted/new-login-flow';

const userCodeQuery = z.object({ user_code: z.string().max(64).optional() });

const userCodeForm = z.object({
  user_code: z.string().max(64).optional(),
  csrf_token: z.string().max(200).optional(),
});

function showUserCodePage(
  deps: HostedDeps,
  req: Request,
  res: Response,
  tenant: TenantView,
  status: number,
  form: { userCode?: string; error?: MessageKey } = {},
): void {
  const issuer = deps.issuerOf(tenant);
  sendPage(
    res,
    status,
    userCodePage(lookFor(deps, tenant, req), {
      action: `${issuer}/device`,
      csrfToken: userCodeEntry(req, res, issuer),
      ...form,
    }),
  );
}

/**
 * The device's request as the login flow carries it: the application and scope the device asked
 * for, and which request the sign-in confirms. There is no redirect URI: it ends on our pages.
 */
const signInFor = (device: DeviceAuthorization): AuthorizationRequest => ({
  clientId: device.clientId,
  redirectUri: '',
  responseMode: 'query',
  scope: device.scope,
  uiLocales: [],
  deviceAuthorizationId: device.id,
});

/**
 * A code the user typed, as a pipeline: tenant, the form's CSRF value, the attempt limits, the
 * code itself (a wrong one counts and changes nothing), then sign-in as the authorization endpoint
 * does it: with a live session straight on to confirmation, else a login flow whose continuation
 * is the device's request, so the tenant's second factor, lockout and look all apply.
 */
async function enterUserCode(
  deps: HostedDeps,
  req: Request,
  res: Response,
  slug: string,
  form: z.output<typeof userCodeForm>,
): Promise<void> {
  const tenant = activeTenant(deps, slug);
  const browser = assertUserCodeEntry(req, form.csrf_token);
  const now = deps.clock();
  const typed = form.user_code ?? '';
  // https://www.rfc-editor.org/rfc/rfc8628#section-5.1: brute force is limited per browser and per tenant.
  if (await deps.userCodeAttempts.exhausted(tenant.tenantId, browser, now)) {
    showUserCodePage(deps, req, res, tenant, 429, { userCode: typed, error: 'device.too_many' });
    return;
  }
  const device = await deps.deviceAuthorizations.findByUserCode(tenant.tenantId, typed, now);
  if (!device) {
    await deps.userCodeAttempts.recordWrongCode(tenant.tenantId, browser, now);
    showUserCodePage(deps, req, res, tenant, 400, { userCode: typed, error: 'device.invalid' });
    return;
  }
  const client = deps.applications.find(tenant.tenantId, device.clientId);
  if (!client) throw pageError(400, 'error.unknown_client');
  const request = signInFor(device);
  const session = await liveSession(deps, req, tenant);
  if (session && !needsStepUp(deps, tenant.tenantId, client.applicationId, request, session.amr)) {
    await completeAuthorization(deps, req, res, { tenant, client, request, session });
    return;
  }
  const { flow } = await newLoginFlow(deps, tenant.tenantId, request);
  res
    .status(303)
    .set('Cache-Control', 'no-store')
    .location(`${deps.issuerOf(tenant)}/login?flow=${flow.id}`)
    .end();
}

/** The verification URI of RFC 8628 section 3.3: `GET|POST /t/:tenant/device`. */
export const deviceVerificationRoutes = (deps: HostedDeps): AnyRoute[] => [
  hostedPageRoute(
    deps,
    {
      method: 'get',
      path: '/t/:tenant/device',
      operationId: 'showDeviceVerificationPage',
      summary: 'Hosted page where the user enters the code their device shows (RFC 8628 verification_uri)',
      query: userCodeQuery,
      responses: {
        200: { description: 'The code form, filled in from user_code', contentType: 'text/html' },
        404: { description: 'Error page: no such tenant', contentType: 'text/html' },
      },
    },
    async ({ slug, query, req, res }) => {
      const tenant = activeTenant(deps, slug);
      showUserCodePage(deps, req, res, tenant, 200, query.user_code ? { userCode: query.user_code } : {});
    },
  ),
  hostedPageRoute(
    deps,
    {
      method: 'post',
      path: '/t/:tenant/device',
      operationId: 'enterDeviceUserCode',
      summary: 'Submit the code a device shows: on to sign-in, or to the confirmation when signed in',
      form: userCodeForm,
      responses: {
        303: { description: 'To the login page of a new flow, or to the device confirmation page' },
        400: {
          description: 'The code form again: the code is wrong, expired or used',
          contentType: 'text/html',
        },
        403: { description: 'Error page: the form did not come from our page', contentType: 'text/html' },
        404: { description: 'Error page: no such tenant', contentType: 'text/html' },
        429: { description: 'The code form again: too many wrong codes for now', contentType: 'text/html' },
      },
    },
    async ({ slug, form, req, res }) => enterUserCode(deps, req, res, slug, form),
  ),
];
