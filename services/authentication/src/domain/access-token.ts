import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { ActiveKey } from '../store/signing-key-store';

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
}

/**
 * A JWT access token in the RFC 9068 profile: `typ: at+jwt`, with iss, exp, aud, sub,
 * client_id, iat and jti (section 2.2), plus our tenant and region.
 * https://www.rfc-editor.org/rfc/rfc9068#section-2.2
 */
export async function signAccessToken(claims: AccessTokenClaims, key: ActiveKey, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    client_id: claims.clientId,
    scope: claims.scope.join(' '),
    tenant: claims.tenantId,
    region: claims.region,
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
    .setIssuer(claims.issuer)
    .setSubject(claims.subject)
    .setAudience(claims.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + claims.ttlSeconds)
    .setJti(claims.jwtId ?? randomUUID())
    .sign(key.privateKey);
}
