import type { Response } from 'express';
import { HttpError } from '@idaas/http';
import type { AuthorizationRequest } from '../domain/authorization-request';
import { formPostPage } from '../pages/form-post-page';
import { SafeHtml } from '@idaas/pages';
import type { PageLook } from '../pages/messages';
import { scriptHash, sendPage } from './page-response';

/**
 * Authorization errors that go back to the client, once its redirect URI is known to be one it
 * registered (RFC 6749 section 4.1.2.1; OpenID Connect Core 3.1.2.6 adds the prompt=none ones).
 */
export type AuthorizationErrorCode =
  | 'invalid_request'
  | 'unauthorized_client'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'server_error'
  | 'login_required'
  | 'consent_required'
  | 'interaction_required';

export const authorizationError = (code: AuthorizationErrorCode, description: string): HttpError =>
  new HttpError(400, code, description, { format: 'oauth', expose: true });

/** Where the answer goes and how: the validated redirect URI, response mode, state and issuer. */
export type ClientReturn = Pick<AuthorizationRequest, 'redirectUri' | 'responseMode' | 'state'> & {
  issuer: string;
};

const AUTO_SUBMIT = 'document.forms[0].submit()';

/**
 * Sends the response parameters to the client's redirect URI. `iss` names us so the client can
 * tell which provider answered (RFC 9207 section 2).
 */
export function returnToClient(
  res: Response,
  look: PageLook,
  to: ClientReturn,
  params: Record<string, string>,
): void {
  const fields: Record<string, string> = {
    ...params,
    ...(to.state !== undefined ? { state: to.state } : {}),
    iss: to.issuer,
  };
  if (to.responseMode === 'form_post') {
    const page = formPostPage(look, to.redirectUri, fields);
    // The only script of any page: submits the form at once; without it, the Continue button does.
    const withScript = new SafeHtml(page.value.replace('</body>', `<script>${AUTO_SUBMIT}</script></body>`));
    sendPage(res, 200, withScript, [scriptHash(AUTO_SUBMIT)]);
    return;
  }
  const url = new URL(to.redirectUri);
  for (const [k, v] of Object.entries(fields)) url.searchParams.append(k, v);
  res.status(303).set('Cache-Control', 'no-store').location(url.toString()).end();
}

/** An authorization error, sent to the client the same way as a success. */
export function errorToClient(res: Response, look: PageLook, to: ClientReturn, error: HttpError): void {
  returnToClient(res, look, to, { error: error.code, error_description: error.detail });
}
