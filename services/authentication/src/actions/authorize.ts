import type { Request, Response } from 'express';
import { z } from 'zod';
import { defineRoute, HttpError, type AnyRoute } from '@idaas/http';
import { startFlow, type LoginFlowState } from '@idaas/identity';
import type { ApplicationView, TenantView } from '@idaas/replica';
import {
  needsFreshLogin,
  PROMPTS,
  type AuthorizationRequest,
  type Prompt,
  type ResponseMode,
} from '../domain/authorization-request';
import { activeTenant } from '../hosted/active-tenant';
import { authorizationError, errorToClient, type ClientReturn } from '../hosted/client-response';
import { completeAuthorization } from '../hosted/complete-authorization';
import type { HostedDeps } from '../hosted/deps';
import { liveSession } from '../hosted/live-session';
import { showLoginPage } from '../hosted/login-page-step';
import { needsStepUp } from '../hosted/second-factor';
import { firstPageFor, sendToSignUp } from '../hosted/sign-up-step';
import { asPage, lookFor, pageError } from '../hosted/page-response';
import { LOGIN_FLOW_LIFETIME_SECONDS } from '../store/flow-store';
import { tenantParams } from './tenant-step';

const param = z.string().max(4096).optional();

/** The parameters we understand; any other parameter is dropped (OpenID Connect Core 3.1.2.1). */
const authorizationParams = z.object({
  client_id: param,
  redirect_uri: param,
  response_type: param,
  response_mode: param,
  scope: param,
  state: param,
  nonce: param,
  code_challenge: param,
  code_challenge_method: param,
  prompt: param,
  max_age: param,
  login_hint: param,
  acr_values: param,
  ui_locales: param,
});

type AuthorizationParams = z.output<typeof authorizationParams>;

/** Step: a client of this tenant that may use the code flow; else our error page. */
function registeredClient(deps: HostedDeps, tenant: TenantView, p: AuthorizationParams): ApplicationView {
  const client = p.client_id ? deps.applications.find(tenant.tenantId, p.client_id) : undefined;
  if (!client) throw pageError(400, 'error.unknown_client');
  return client;
}

/**
 * Step: the redirect URI is required and must equal one the client registered, byte for byte;
 * until it does, nothing is sent to it (no open redirect).
 * https://www.rfc-editor.org/rfc/rfc9700#section-2.1 and RFC 6749 section 4.1.2.1
 */
function registeredRedirectUri(client: ApplicationView, p: AuthorizationParams): string {
  const uri = p.redirect_uri;
  if (!uri || !client.redirectUris.includes(uri)) throw pageError(400, 'error.invalid_redirect_uri');
  return uri;
}

/** Step: response mode; an unknown one is an error, answered in the default (query) mode. */
function responseModeOf(p: AuthorizationParams): ResponseMode | HttpError {
  if (p.response_mode === undefined || p.response_mode === 'query') return 'query';
  if (p.response_mode === 'form_post') return 'form_post';
  return authorizationError('invalid_request', 'response_mode must be query or form_post.');
}

/** Step: the authorization code flow only. */
function codeResponseType(client: ApplicationView, p: AuthorizationParams): void {
  if (!p.response_type) throw authorizationError('invalid_request', 'response_type is required.');
  if (p.response_type !== 'code')
    throw authorizationError('unsupported_response_type', 'Only response_type=code is supported.');
  if (!client.grantTypes.includes('authorization_code'))
    throw authorizationError('unauthorized_client', 'This client may not use the authorization code flow.');
}

/** Step: an OpenID Connect request (openid), within what the client may ask for. */
function grantableScope(client: ApplicationView, p: AuthorizationParams): string[] {
  const scope = [...new Set((p.scope ?? '').split(' ').filter(Boolean))];
  if (!scope.includes('openid')) throw authorizationError('invalid_scope', 'The scope must include openid.');
  const beyond = scope.filter((s) => !client.scopes.includes(s));
  if (beyond.length)
    throw authorizationError('invalid_scope', `Scope not allowed for this client: ${beyond.join(' ')}.`);
  return scope;
}

/**
 * Step: PKCE. Only S256 (plain gives no protection against a leaked request). Public clients
 * cannot keep a secret, so for them the challenge is what binds the code to the client.
 * https://www.rfc-editor.org/rfc/rfc7636#section-4.3 and RFC 9700 section 2.1.1
 */
function pkceChallenge(client: ApplicationView, p: AuthorizationParams): string | undefined {
  if (p.code_challenge === undefined) {
    if (p.code_challenge_method !== undefined)
      throw authorizationError('invalid_request', 'code_challenge_method without code_challenge.');
    if (!client.confidential)
      throw authorizationError('invalid_request', 'PKCE (code_challenge, S256) is required.');
    return undefined;
  }
  if (p.code_challenge_method !== 'S256')
    throw authorizationError('invalid_request', 'code_challenge_method must be S256.');
  // RFC 7636 section 4.2: BASE64URL(SHA-256(verifier)) is 43 characters.
  if (!/^[A-Za-z0-9_-]{43}$/.test(p.code_challenge))
    throw authorizationError('invalid_request', 'code_challenge is not a base64url SHA-256 value.');
  return p.code_challenge;
}

/** Step: prompt (one value; combinations like "login consent" are not supported). */
function promptOf(p: AuthorizationParams): Prompt | undefined {
  if (p.prompt === undefined || p.prompt === '') return undefined;
  const prompt = PROMPTS.find((v) => v === p.prompt);
  if (!prompt) throw authorizationError('invalid_request', 'prompt must be none, login or consent.');
  return prompt;
}

function maxAgeOf(p: AuthorizationParams): number | undefined {
  if (p.max_age === undefined) return undefined;
  if (!/^\d{1,9}$/.test(p.max_age))
    throw authorizationError('invalid_request', 'max_age must be a number of seconds.');
  return Number(p.max_age);
}

function validatedRequest(
  client: ApplicationView,
  redirectUri: string,
  responseMode: ResponseMode,
  p: AuthorizationParams,
): AuthorizationRequest {
  codeResponseType(client, p);
  const scope = grantableScope(client, p);
  const codeChallenge = pkceChallenge(client, p);
  const prompt = promptOf(p);
  const maxAge = maxAgeOf(p);
  return {
    clientId: client.applicationId,
    redirectUri,
    responseMode,
    scope,
    ...(p.state !== undefined ? { state: p.state } : {}),
    ...(p.nonce !== undefined ? { nonce: p.nonce } : {}),
    ...(codeChallenge !== undefined ? { codeChallenge } : {}),
    ...(prompt !== undefined ? { prompt } : {}),
    ...(maxAge !== undefined ? { maxAge } : {}),
    ...(p.login_hint ? { loginHint: p.login_hint.slice(0, 254) } : {}),
    uiLocales: (p.ui_locales ?? '').split(' ').filter(Boolean).slice(0, 10),
    ...(p.acr_values ? { acrValues: p.acr_values.split(' ').filter(Boolean).slice(0, 10) } : {}),
  };
}

/**
 * How a request that needs the login page gets it. A GET is answered with the page itself (one
 * round trip fewer per sign-in; the form still posts to `/login?flow=ID`). A POST is sent there
 * with a 303: a page answered to a POST would make the browser's reload submit the request again.
 */
type LoginAnswer = 'page' | 'redirect';

/**
 * The authorization endpoint as a pipeline: tenant, client and redirect URI first (failures on
 * our error page), then the request itself (failures back to the client), then the session.
 */
async function authorize(
  deps: HostedDeps,
  req: Request,
  res: Response,
  slug: string,
  p: AuthorizationParams,
  loginAnswer: LoginAnswer,
): Promise<void> {
  const tenant = activeTenant(deps, slug);
  const client = registeredClient(deps, tenant, p);
  const redirectUri = registeredRedirectUri(client, p);
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
    const { flow, csrfToken } = startFlow({
      tenantId: tenant.tenantId,
      type: 'login',
      state: 'awaiting_credentials' as LoginFlowState,
      request,
      lifetimeSeconds: LOGIN_FLOW_LIFETIME_SECONDS,
      now,
    });
    await deps.flows.create(flow);
    if (firstPage === 'sign_up') {
      sendToSignUp(deps, res, tenant, flow.id);
      return;
    }
    if (loginAnswer === 'page') {
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
  400: { description: 'Error page: unknown client or redirect URI not registered', contentType: 'text/html' },
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
