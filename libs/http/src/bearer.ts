import { timingSafeEqual, createHash } from 'node:crypto';
import type { Request } from 'express';
import { Problems } from './errors';

/** The token of an `Authorization: Bearer` header (RFC 6750 section 2.1), or undefined. */
export function bearerToken(req: Request): string | undefined {
  const header = req.header('authorization');
  const match = header?.match(/^Bearer ([A-Za-z0-9\-._~+/]+=*)$/);
  return match?.[1];
}

/**
 * Compares secrets in constant time. Hashing both sides first makes the comparison length-
 * independent, so the length of the expected secret does not leak either.
 */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Guard step for routes protected by one static operator token. */
export function requireStaticToken(req: Request, expected: string): void {
  const token = bearerToken(req);
  if (!token || !secretsEqual(token, expected)) {
    throw Problems.unauthorized('A valid bearer token is required.', {
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
}
