import { compactVerify, createLocalJWKSet, type JWTPayload } from 'jose';
import type { TenantView } from '@idaas/replica';
import type { HostedDeps } from './deps';

/**
 * The ID token a client sends as `id_token_hint` to logout: its signature must be one of this
 * tenant's keys and its issuer this tenant. Expiry is not checked: an expired ID token is an
 * acceptable hint (OpenID Connect RP-Initiated Logout 1.0, section 2).
 * https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
 */
export async function verifiedIdTokenHint(
  deps: Pick<HostedDeps, 'keys' | 'issuerOf'>,
  tenant: TenantView,
  hint: string,
): Promise<JWTPayload | undefined> {
  try {
    const jwks = createLocalJWKSet({ keys: await deps.keys.publicJwks(tenant.tenantId) });
    const { payload } = await compactVerify(hint, jwks, { algorithms: ['RS256', 'ES256', 'EdDSA'] });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as JWTPayload;
    return claims.iss === deps.issuerOf(tenant) ? claims : undefined;
  } catch {
    return undefined;
  }
}
