import { OAuthErrors } from '@idaas/http';
import { authorizationCodeGrant } from './authorization-code';
import { clientCredentialsGrant } from './client-credentials';
import { deviceCodeGrant } from './device-code';
import type { RegisteredGrant } from './grant';
import { refreshTokenGrant } from './refresh-token';

/** Every grant type the token endpoint knows, by `grant_type`. Discovery lists these. */
export const GRANTS: readonly RegisteredGrant[] = [
  authorizationCodeGrant,
  refreshTokenGrant,
  clientCredentialsGrant,
  deviceCodeGrant,
];

/** Pipeline step: the grant the request names. https://www.rfc-editor.org/rfc/rfc6749#section-5.2 */
export function grantFor(grantType: string): RegisteredGrant {
  const grant = GRANTS.find((g) => g.type === grantType);
  if (!grant) throw OAuthErrors.unsupportedGrantType(`Unsupported grant_type ${grantType.slice(0, 40)}.`);
  return grant;
}
