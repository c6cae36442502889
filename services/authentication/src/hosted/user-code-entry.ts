import type { Request, Response } from 'express';
import { generateSecret, hashSecret, verifySecret } from '@idaas/crypto';
import { attributes, readCookie } from './cookies';
import { pageError } from './page-response';

/**
 * The verification page's browser: a random value in a cookie that its form also carries
 * (double submit). It protects the form from cross-site posts without a flow record per visit,
 * and names the browser whose wrong codes are counted (RFC 8628 section 5.1).
 */
export const USER_CODE_ENTRY_COOKIE = 'idaas_device_entry';

/** This browser's entry value, made and set for the page about to show when it has none yet. */
export function userCodeEntry(req: Request, res: Response, issuer: string): string {
  const present = readCookie(req, USER_CODE_ENTRY_COOKIE);
  if (present && /^[A-Za-z0-9_-]{22,64}$/.test(present)) return present;
  const entry = generateSecret(24);
  // A session cookie: it only has to outlive the page.
  res.append('Set-Cookie', `${USER_CODE_ENTRY_COOKIE}=${entry}; ${attributes(issuer)}`);
  return entry;
}

/** Pipeline step: the form carries the cookie's value; else the CSRF error page. */
export function assertUserCodeEntry(req: Request, presented: string | undefined): string {
  const entry = readCookie(req, USER_CODE_ENTRY_COOKIE);
  if (!entry || !presented || !verifySecret(presented, hashSecret(entry))) throw pageError(403, 'error.csrf');
  return entry;
}
