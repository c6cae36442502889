import type { JWTPayload } from 'jose';
import { HttpError, verifyAccessTokenJwt, type TrustedKey } from '@idaas/http';

export interface ValidityContext {
  /** The tenant whose endpoint was called: a token of another tenant is not valid here. */
  tenantId: string;
  /** Keys any of our regions published, by kid. */
  keyFor(kid: string): TrustedKey | undefined;
  isRevoked(jti: string): Promise<boolean>;
  now: Date;
}

/** The claims of an access token valid at this tenant, with the ones introspection reports. */
export interface ValidAccessToken {
  claims: JWTPayload & { jti: string; exp: number; iat: number; sub: string };
  clientId: string;
  scope: string;
  region?: string;
}

/**
 * Whether an access token is valid at this tenant now: signed by a key published for this
 * tenant (by any region) with that key's own algorithm, `typ: at+jwt`, not expired, and not
 * revoked. Any failure is simply "not valid": introspection must not say why (RFC 7662 section 2.2).
 */
export async function validAccessToken(
  token: string,
  ctx: ValidityContext,
): Promise<ValidAccessToken | undefined> {
  let verified: Awaited<ReturnType<typeof verifyAccessTokenJwt>>;
  try {
    verified = await verifyAccessTokenJwt(token, {
      keyFor: (kid) => {
        const key = ctx.keyFor(kid);
        return key?.tenantId === ctx.tenantId ? key : undefined;
      },
      clock: () => ctx.now,
    });
  } catch (e) {
    if (e instanceof HttpError) return undefined;
    throw e;
  }
  const { claims } = verified;
  if (typeof claims.jti !== 'string' || typeof claims.exp !== 'number' || typeof claims.iat !== 'number')
    return undefined;
  if (await ctx.isRevoked(claims.jti)) return undefined;
  return {
    claims: { ...claims, jti: claims.jti, exp: claims.exp, iat: claims.iat, sub: verified.verified.subject },
    clientId: verified.verified.clientId,
    scope: [...verified.verified.scopes].join(' '),
    ...(verified.verified.region ? { region: verified.verified.region } : {}),
  };
}
