import type { ApplicationView } from '@idaas/replica';
import type { AuthorizationParams } from './authorization-request-steps';
import { authorizationError } from './client-response';

/**
 * Step: an application registered with `require_pushed_authorization_requests` is served only
 * through a `request_uri`; the server MUST reject its other requests
 * (https://www.rfc-editor.org/rfc/rfc9126#section-5). The RFC does not say how. By the time this
 * runs the redirect URI is one the client registered, so, like every other error in the request
 * (RFC 6749 section 4.1.2.1), it goes back to the client as `invalid_request` with `state` and
 * `iss`: the application learns its request was refused and why, instead of the user being
 * stranded on our error page.
 *
 * `given` is the request as it arrived, before any pushed request replaced it.
 */
export function pushedIfRequired(client: ApplicationView, given: AuthorizationParams): void {
  if (client.requirePushedAuthorizationRequests === true && given.request_uri === undefined)
    throw authorizationError(
      'invalid_request',
      'This client must use pushed authorization requests (request_uri from the PAR endpoint).',
    );
}
