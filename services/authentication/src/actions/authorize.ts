import type { Request, Response } from 'express';
import { defineRoute, HttpError, type AnyRoute } from '@idaas/http';
import type { ApplicationView, TenantView } from '@idaas/replica';
import { needsFreshLogin } from '../domain/authorization-request';
import { activeTenant } from '../hosted/active-tenant';
import {
  authorizationParams,
  registeredRedirectUri,
  responseModeOf,
  validatedRequest,
  type AuthorizationParams,
} from '../hosted/authorization-request-steps';
import { authorizationError, errorToClient, type ClientReturn } from '../hosted/client-response';
import { completeAuthorization } from '../hosted/complete-authorization';
import type { HostedDeps } from '../hosted/deps';
import { liveSession } from '../hosted/live-session';
import { showLoginPage } from '../hosted/login-page-step';
import { pushedIfRequired } from '../hosted/pushed-request-requirement';
import { needsStepUp } from '../hosted/second-factor';
import { firstPageFor, sendToSignUp } from '../hosted/sign-up-step';
import { asPage, lookFor, pageError } from '../hosted/page-response';
import { newLoginFlow } from '../hosted/new-login-flow';
import { tenantParams } from './tenant-step';

/** Step: a client of this tenant that may use the code flow; else our error page. */
function registeredClient(deps: HostedDeps, tenant: TenantView, p: AuthorizationParams): ApplicationView {
  const client = p.client_id ? deps.applications.find(tenant.tenantId, p.client_id) : undefined;
  if (!client) throw pageError(400, 'error.unknown_client');
  return client;
}

/**
 * Step: with a `request_uri`, the parameters are the ones the client pushed, and only those: the
 * rest of the query is ignored (https://www.rfc-editor.org/rfc/rfc9126#section-4). A request_uri
 * we cannot use goes to our error page: without the pushed request there is no redirect URI we
 * may trust.
 *
 * It is used up here, at the first visit. RFC 9126 section 4 allows tolerating a reload, but
 * nothing needs it: a request_uri ends in a redirect to the login flow's own page (see
 * `authorize`), so reloading that page reloads the flow, not this endpoint, and a second visit
 * here can only be a replay.
 */
async function pushedOrGiven(
  deps: HostedDeps,
  tenant: TenantView,
  p: AuthorizationParams,
): Promise<AuthorizationParams> {
  if (p.request_uri === undefined) return p;
  const client = registeredClient(deps, tenant, p);
  const pushed = await deps.pushedRequests.take(
    tenant.tenantId,
    client.applicationId,
    p.request_uri,
    deps.clock(),
  );
  const parsed = pushed ? authorizationParams.safeParse(pushed) : undefined;
  if (!parsed?.success) throw pageError(400, 'error.invalid_request_uri');
  return parsed.data;
}

/**
 * How a request that needs the login page gets it. A GET is answered with the page itself (one
 * round trip fewer per sign-in; the form still posts to `/login?flow=ID`). A POST is sent there
 * with a 303: a page answered to a POST would make the browser's reload submit the request again.
 */
type LoginAnswer = 'page' | 'redirect';

/**
 * The authorization endpoint as a pipeline: tenant, the pushed request if there is one, client
 * and redirect URI (failures on our error page), then the request itself, pushed if the client
 * must push (failures back to the client), then the session.
 */
async function authorize(
  deps: HostedDeps,
  req: Request,
  res: Response,
  slug: string,
  given: AuthorizationParams,
  loginAnswer: LoginAnswer,
): Promise<void> {
  const tenant = activeTenant(deps, slug);
  const p = await pushedOrGiven(deps, tenant, given);
  const client = registeredClient(deps, tenant, p);
  const redirectUri = registeredRedirectUri(client, p);
  if (!redirectUri) throw pageError(400, 'error.invalid_redirect_uri');
  const mode = responseModeOf(p);
  const issuer = deps.issuerOf(tenant);
  const to: ClientReturn = {
    redirectUri,
    responseMode: mode instanceof HttpError ? 'query' : mode,
    ...(p.state !== undefined ? { state: p.state } : {}),
    issuer,
  };
  const uiLocales = (p.ui_locales ?? '').split(' ').filter(Boolean);
  try {
    if (mode instanceof HttpError) throw mode;
    pushedIfRequired(client, given);
    const request = validatedRequest(client, redirectUri, mode, p);
    const session = await liveSession(deps, req, tenant);
    const now = deps.clock();
    if (
      session &&
      !needsFreshLogin(request, session.authTime, now) &&
      !needsStepUp(deps, tenant.tenantId, client.applicationId, request, session.amr)
    ) {
      await completeAuthorization(deps, req, res, { tenant, client, request, session });
      return;
    }
    // https://openid.net/specs/openid-connect-core-1_0.html#AuthError: prompt=none never shows a page.
    if (request.prompt === 'none') throw authorizationError('login_required', 'The user is not signed in.');
    const firstPage = firstPageFor(deps, tenant, request);
    const { flow, csrfToken } = await newLoginFlow(deps, tenant.tenantId, request);
    if (firstPage === 'sign_up') {
      sendToSignUp(deps, res, tenant, flow.id);
      return;
    }
    // A pushed request's login page gets its own address, so a reload does not replay the request_uri.
    if (loginAnswer === 'page' && given.request_uri === undefined) {
      // The page of the flow just created, with the token it was created with: no redirect to
      // `/login?flow=ID` and no second write to rotate a token nobody has seen yet.
      await showLoginPage(deps, req, res, { tenant, client, flow, csrfToken }, 200);
      return;
    }
    res.status(303).set('Cache-Control', 'no-store').location(`${issuer}/login?flow=${flow.id}`).end();
  } catch (e) {
    if (!(e instanceof HttpError) || e.options.format !== 'oauth') throw e;
    errorToClient(res, lookFor(deps, tenant, req, uiLocales), to, e);
  }
}

const errorResponses = {
  400: {
    description:
      'Error page: unknown client, redirect URI not registered, or request_uri unknown, expired or used',
    contentType: 'text/html',
  },
  404: { description: 'Error page: no such tenant', contentType: 'text/html' },
};

/** `GET|POST /t/:tenant/oauth2/authorize` (OpenID Connect Core 3.1.2.1: both methods MUST be supported). */
export const authorizeRoutes = (deps: HostedDeps): AnyRoute[] => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/oauth2/authorize',
    operationId: 'authorize',
    summary: 'Authorization endpoint (authorization code flow)',
    tags: ['oauth2'],
    params: tenantParams,
    query: authorizationParams,
    responses: {
      200: {
        description:
          'The login page of a new login flow (its form posts to /login?flow=ID), or a form_post response',
        contentType: 'text/html',
      },
      303: {
        description:
          'To the consent page, to sign-up (prompt=create), or back to the client with a code or an error',
      },
      ...errorResponses,
    },
    handler: async ({ params, query, req, res }) =>
      asPage(deps, req, res, params.tenant, () => authorize(deps, req, res, params.tenant, query, 'page')),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/oauth2/authorize',
    operationId: 'authorizeByPost',
    summary: 'Authorization endpoint, parameters form-encoded in the body',
    tags: ['oauth2'],
    params: tenantParams,
    body: authorizationParams,
    bodyTypes: ['form'],
    responses: {
      200: { description: 'A form_post response', contentType: 'text/html' },
      303: {
        description:
          'To the login, sign-up (prompt=create) or consent page, or back to the client with a code or an error',
      },
      ...errorResponses,
    },
    handler: async ({ params, body, req, res }) =>
      asPage(deps, req, res, params.tenant, () => authorize(deps, req, res, params.tenant, body, 'redirect')),
  }),
];
