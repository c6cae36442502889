import { z } from 'zod';
import { defineRoute, OAuthErrors, type AnyRoute } from '@idaas/http';
import type { ApplicationView } from '@idaas/replica';
import type { AuthenticationDeps } from '../deps';
import {
  authorizationParams,
  registeredRedirectUri,
  responseModeOf,
  validatedRequest,
  type AuthorizationParams,
} from '../hosted/authorization-request-steps';
import type { PushedAuthorizationRequests } from '../store/pushed-authorization-requests';
import { clientAuthParams } from './client-auth-params';
import { callingClient } from './client-step';
import { activeTenant, tenantParams } from './tenant-step';

export interface PushedAuthorizationDeps extends AuthenticationDeps {
  pushedRequests: PushedAuthorizationRequests;
}

/** The authorization request's parameters plus client authentication, form-encoded. */
const pushedAuthorizationRequest = authorizationParams.extend(clientAuthParams);

const pushedAuthorizationResponse = z.object({
  request_uri: z.string(),
  expires_in: z.number(),
});

/**
 * Step: the request as the authorization endpoint would validate it, with the same steps. Where
 * the authorization endpoint shows its error page (redirect URI), there is no redirect here, so
 * the answer is `invalid_request`. https://www.rfc-editor.org/rfc/rfc9126#section-2.3
 */
function pushableRequest(client: ApplicationView, p: AuthorizationParams): Record<string, string> {
  // https://www.rfc-editor.org/rfc/rfc9126#section-2.1: request_uri MUST NOT be pushed.
  if (p.request_uri !== undefined)
    throw OAuthErrors.invalidRequest('request_uri is not allowed in a pushed authorization request.');
  // The request is stored for the client that authenticated; a client_id naming another is a mix-up.
  if (p.client_id !== undefined && p.client_id !== client.applicationId)
    throw OAuthErrors.invalidRequest('client_id does not match the authenticated client.');
  const redirectUri = registeredRedirectUri(client, p);
  if (!redirectUri) throw OAuthErrors.invalidRequest('redirect_uri is not registered for this client.');
  const mode = responseModeOf(p);
  if (typeof mode !== 'string') throw mode;
  validatedRequest(client, redirectUri, mode, p);
  const pushed: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) pushed[k] = v;
  return { ...pushed, client_id: client.applicationId };
}

/**
 * Pushed authorization request endpoint (RFC 9126), as a pipeline: tenant, client authentication
 * exactly as at the token endpoint, the authorization request validated as at the authorization
 * endpoint, then stored for one use under a fresh `request_uri`.
 */
export const parRoute = (deps: PushedAuthorizationDeps): AnyRoute =>
  defineRoute({
    method: 'post',
    path: '/t/:tenant/oauth2/par',
    operationId: 'pushedAuthorizationRequest',
    summary: 'Pushed authorization request endpoint (RFC 9126)',
    tags: ['oauth2'],
    params: tenantParams,
    body: pushedAuthorizationRequest,
    bodyTypes: ['form'],
    errorFormat: 'oauth',
    responses: {
      201: {
        description: 'Stored; send the user to the authorization endpoint with it',
        schema: pushedAuthorizationResponse,
      },
      400: { description: 'OAuth error', contentType: 'application/json' },
      401: { description: 'Client authentication failed', contentType: 'application/json' },
    },
    handler: async ({ params, body, req }) => {
      const now = deps.clock();
      const tenant = activeTenant(deps, params.tenant, 'oauth');
      const client = await callingClient(deps, req, tenant, now);
      // Parsing again with the authorization schema leaves client authentication out of what is stored.
      const pushed = pushableRequest(client, authorizationParams.parse(body));
      const { requestUri, expiresIn } = await deps.pushedRequests.push(
        tenant.tenantId,
        client.applicationId,
        pushed,
        now,
      );
      // https://www.rfc-editor.org/rfc/rfc9126#section-2.2
      return {
        status: 201,
        headers: { 'Cache-Control': 'no-store' },
        body: { request_uri: requestUri, expires_in: expiresIn },
      };
    },
  });
