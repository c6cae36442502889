import { z } from 'zod';
import type { HttpError } from '@idaas/http';
import type { ApplicationView } from '@idaas/replica';
import {
  PROMPTS,
  type AuthorizationRequest,
  type Prompt,
  type ResponseMode,
} from '../domain/authorization-request';
import { authorizationError } from './client-response';

const param = z.string().max(4096).optional();

/**
 * The parameters of an authorization request we understand; any other parameter is dropped
 * (OpenID Connect Core 3.1.2.1). Shared by the authorization endpoint and the pushed
 * authorization request endpoint (RFC 9126), which validate them with the same steps below.
 */
export const authorizationParams = z.object({
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
  /** A pushed request to use instead of these parameters (RFC 9126 section 4). */
  request_uri: param,
});

export type AuthorizationParams = z.output<typeof authorizationParams>;

/**
 * Step: the redirect URI is required and must equal one the client registered, byte for byte;
 * until it does, nothing is sent to it (no open redirect). Each endpoint says how it refuses.
 * https://www.rfc-editor.org/rfc/rfc9700#section-2.1 and RFC 6749 section 4.1.2.1
 */
export function registeredRedirectUri(client: ApplicationView, p: AuthorizationParams): string | undefined {
  const uri = p.redirect_uri;
  return uri && client.redirectUris.includes(uri) ? uri : undefined;
}

/** Step: response mode; an unknown one is an error, answered in the default (query) mode. */
export function responseModeOf(p: AuthorizationParams): ResponseMode | HttpError {
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
export function grantableScope(client: ApplicationView, p: AuthorizationParams): string[] {
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
  if (!prompt) throw authorizationError('invalid_request', `prompt must be one of: ${PROMPTS.join(', ')}.`);
  return prompt;
}

function maxAgeOf(p: AuthorizationParams): number | undefined {
  if (p.max_age === undefined) return undefined;
  if (!/^\d{1,9}$/.test(p.max_age))
    throw authorizationError('invalid_request', 'max_age must be a number of seconds.');
  return Number(p.max_age);
}

/** The request itself, once client, redirect URI and response mode are settled: every step in order. */
export function validatedRequest(
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
