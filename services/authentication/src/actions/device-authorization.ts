import { z } from 'zod';
import { defineRoute, OAuthErrors, type AnyRoute } from '@idaas/http';
import type { ApplicationView } from '@idaas/replica';
import type { AuthenticationDeps } from '../deps';
import { displayUserCode } from '../domain/user-code';
import { DEVICE_CODE_GRANT } from '../grants/device-code';
import { grantableScope } from '../hosted/authorization-request-steps';
import { clientAuthParams } from './client-auth-params';
import { callingClient } from './client-step';
import { activeTenant, tenantParams } from './tenant-step';

const deviceAuthorizationRequest = z.object({
  ...clientAuthParams,
  scope: z.string().max(4096).optional(),
});

const deviceAuthorizationResponse = z.object({
  device_code: z.string(),
  user_code: z.string(),
  verification_uri: z.string(),
  verification_uri_complete: z.string(),
  expires_in: z.number(),
  interval: z.number(),
});

/** Step: the client must be allowed the device grant (RFC 8628 section 3.2 answers as RFC 6749 section 5.2). */
function deviceClient(client: ApplicationView): ApplicationView {
  if (!client.grantTypes.includes(DEVICE_CODE_GRANT))
    throw OAuthErrors.unauthorizedClient('This client may not use the device authorization grant.');
  return client;
}

/**
 * Device authorization endpoint (RFC 8628 section 3.1), as a pipeline: tenant, client
 * authentication exactly as at the token endpoint, the grant type, the scope as the
 * authorization endpoint checks it, then a new request with its device and user codes.
 */
export const deviceAuthorizationRoute = (deps: AuthenticationDeps): AnyRoute =>
  defineRoute({
    method: 'post',
    path: '/t/:tenant/oauth2/device_authorization',
    operationId: 'deviceAuthorization',
    summary: 'Device authorization endpoint (RFC 8628): codes for a device to sign a user in',
    tags: ['oauth2'],
    params: tenantParams,
    body: deviceAuthorizationRequest,
    bodyTypes: ['form'],
    errorFormat: 'oauth',
    responses: {
      200: { description: 'The device and user codes', schema: deviceAuthorizationResponse },
      400: { description: 'OAuth error', contentType: 'application/json' },
      401: { description: 'Client authentication failed', contentType: 'application/json' },
    },
    handler: async ({ params, body, req }) => {
      const now = deps.clock();
      const tenant = activeTenant(deps, params.tenant, 'oauth');
      const client = deviceClient(await callingClient(deps, req, tenant, now));
      const scope = grantableScope(client, body);
      const started = await deps.deviceAuthorizations.start(
        tenant.tenantId,
        client.applicationId,
        scope,
        now,
      );
      const verificationUri = `${deps.issuerOf(tenant)}/device`;
      const userCode = displayUserCode(started.userCode);
      // https://www.rfc-editor.org/rfc/rfc8628#section-3.2
      return {
        status: 200,
        headers: { 'Cache-Control': 'no-store' },
        body: {
          device_code: started.deviceCode,
          user_code: userCode,
          verification_uri: verificationUri,
          verification_uri_complete: `${verificationUri}?${new URLSearchParams({ user_code: userCode })}`,
          expires_in: started.expiresIn,
          interval: started.interval,
        },
      };
    },
  });
