import type { Response } from 'express';

export { readCookie } from '@idaas/pages';

export const SESSION_COOKIE = 'idaas_session';

/**
 * The SSO cookie is scoped to the tenant's path, so tenants on one host never see each other's
 * sessions. SameSite=Lax keeps it on top-level GET navigations from clients (the authorization
 * request) and off cross-site POSTs; Secure whenever the issuer is https.
 */
export function attributes(issuer: string): string {
  const url = new URL(issuer);
  return `Path=${url.pathname}; HttpOnly; SameSite=Lax${url.protocol === 'https:' ? '; Secure' : ''}`;
}

export function setSessionCookie(res: Response, issuer: string, value: string): void {
  // A session cookie (no Max-Age): the browser's lifetime bounds it, the server's expiry decides.
  res.append('Set-Cookie', `${SESSION_COOKIE}=${value}; ${attributes(issuer)}`);
}

export function clearSessionCookie(res: Response, issuer: string): void {
  res.append('Set-Cookie', `${SESSION_COOKIE}=; Max-Age=0; ${attributes(issuer)}`);
}
