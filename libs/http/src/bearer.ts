import type { Request } from 'express';

/** The token of an `Authorization: Bearer` header (RFC 6750 section 2.1), or undefined. */
export function bearerToken(req: Request): string | undefined {
  const header = req.header('authorization');
  const match = header?.match(/^Bearer ([A-Za-z0-9\-._~+/]+=*)$/);
  return match?.[1];
}
