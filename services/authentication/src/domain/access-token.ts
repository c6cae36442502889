import { randomUUID } from 'node:crypto';
import type { ActiveKey } from '../store/signing-key-store';
import { signCompactJwt } from './compact-jwt';

export interface AccessTokenClaims {
  issuer: string;
  subject: string;
  audience: string;
  clientId: string;
  scope: string[];
  tenantId: string;
  region: string;
  ttlSeconds: number;
  /** The `jti`, when the caller records it (a token family, for revocation); random otherwise. */
  jwtId?: string;
  /** The user's sign-in behind the token (none for a client's own token), for step-up checks. */
  authentication?: { authTime: Date; amr: readonly string[]; acr?: string };
}

/**
 * A JWT access token in the RFC 9068 profile: `typ: at+jwt`, with iss, exp, aud, sub,
 * client_id, iat and jti (section 2.2), plus our tenant and region. A user's token also carries
 * auth_time, acr and amr (section 2.2.1), so a resource server can ask for a recent second
 * factor (RFC 9470) without calling back.
 * https://www.rfc-editor.org/rfc/rfc9068#section-2.2
 */
export async function signAccessToken(claims: AccessTokenClaims, key: ActiveKey, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return signCompactJwt(
    { alg: key.alg, kid: key.kid, typ: 'at+jwt' },
    {
      iss: claims.issuer,
      sub: claims.subject,
      aud: claims.audience,
      iat,
      exp: iat + claims.ttlSeconds,
      jti: claims.jwtId ?? randomUUID(),
      client_id: claims.clientId,
      scope: claims.scope.join(' '),
      tenant: claims.tenantId,
      region: claims.region,
      ...(claims.authentication
        ? {
            auth_time: Math.floor(claims.authentication.authTime.getTime() / 1000),
            amr: [...claims.authentication.amr],
            ...(claims.authentication.acr ? { acr: claims.authentication.acr } : {}),
          }
        : {}),
    },
    key,
  );
}
