import { HttpError } from './errors';

/**
 * RFC 9470 section 3: the access token is valid, but the sign-in behind it is not strong or
 * recent enough for this request. The client starts a new authorization request with the
 * `acr_values` and `max_age` the challenge names, and calls again with the new token.
 * https://www.rfc-editor.org/rfc/rfc9470#section-3
 */
export function insufficientUserAuthentication(
  detail: string,
  need: { acrValues?: string; maxAgeSeconds?: number },
): HttpError {
  const params = [
    'error="insufficient_user_authentication"',
    `error_description="${detail.replace(/["\\]/g, '')}"`,
    ...(need.acrValues ? [`acr_values="${need.acrValues}"`] : []),
    ...(need.maxAgeSeconds === undefined ? [] : [`max_age="${need.maxAgeSeconds}"`]),
  ];
  return new HttpError(401, 'insufficient_user_authentication', detail, {
    headers: { 'WWW-Authenticate': `Bearer ${params.join(', ')}` },
  });
}
