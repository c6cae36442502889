import { errors, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';
import type { Request } from 'express';
import { bearerToken } from './bearer';
import { Problems } from './errors';

/** A public key a token may be signed with, and the tenant it belongs to. */
export interface TrustedKey {
  tenantId: string;
  publicJwk: JWK;
}

export interface VerifiedAccessToken {
  tenantId: string;
  clientId: string;
  subject: string;
  scopes: Set<string>;
  region?: string;
}

export interface AccessTokenPolicy {
  /** Finds the key by `kid` among keys our own key managers published; unknown means untrusted. */
  keyFor(kid: string): TrustedKey | undefined;
  /** Required audience; introspection leaves it out, since it answers for every resource. */
  audience?: string;
  clock?: () => Date;
}

const unauthorized = (detail: string) =>
  Problems.unauthorized(detail, { headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });

/**
 * Verifies a bearer access token issued by one of our regions (RFC 9068 section 4): the key
 * must be one we published, the algorithm is the key's own (so `alg: none` or HS256 signed
 * with a public key never verify), `typ` must be `at+jwt`, the audience ours, and the token's
 * tenant the tenant the key belongs to.
 */
export async function verifyAccessToken(
  req: Request,
  policy: AccessTokenPolicy,
): Promise<VerifiedAccessToken> {
  const token = bearerToken(req);
  if (!token)
    throw Problems.unauthorized('A bearer access token is required.', {
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  return (await verifyAccessTokenJwt(token, policy)).verified;
}

/** The same checks on a token given as a string, with all its claims (token introspection). */
export async function verifyAccessTokenJwt(
  token: string,
  policy: AccessTokenPolicy,
): Promise<{ verified: VerifiedAccessToken; claims: JWTPayload }> {
  const kid = readKid(token);
  const trusted = kid ? policy.keyFor(kid) : undefined;
  if (!trusted || typeof trusted.publicJwk.alg !== 'string')
    throw unauthorized('The access token is not signed by a known key.');
  try {
    const key = await importJWK(trusted.publicJwk, trusted.publicJwk.alg);
    const { payload } = await jwtVerify(token, key, {
      algorithms: [trusted.publicJwk.alg],
      ...(policy.audience === undefined ? {} : { audience: policy.audience }),
      typ: 'at+jwt',
      clockTolerance: 5,
      currentDate: policy.clock?.(),
      requiredClaims: ['exp', 'iat', 'sub', 'client_id', 'tenant'],
    });
    if (payload.tenant !== trusted.tenantId)
      throw unauthorized('The access token names another tenant than its key.');
    const verified: VerifiedAccessToken = {
      tenantId: trusted.tenantId,
      clientId: String(payload.client_id),
      subject: String(payload.sub),
      scopes: new Set(typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : []),
      ...(typeof payload.region === 'string' ? { region: payload.region } : {}),
    };
    return { verified, claims: payload };
  } catch (e) {
    if (e instanceof errors.JOSEError) throw unauthorized('The access token is invalid or expired.');
    throw e;
  }
}

function readKid(token: string): string | undefined {
  const [header] = token.split('.');
  try {
    const parsed = JSON.parse(Buffer.from(header ?? '', 'base64url').toString('utf8')) as { kid?: unknown };
    return typeof parsed.kid === 'string' ? parsed.kid : undefined;
  } catch {
    return undefined;
  }
}
