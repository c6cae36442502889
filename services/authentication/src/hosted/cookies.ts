import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'idaas_session';

/** One cookie's value from the Cookie header (no parser middleware: this is the only cookie we read). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * The SSO cookie is scoped to the tenant's path, so tenants on one host never see each other's
 * sessions. SameSite=Lax keeps it on top-level GET navigations from clients (the authorization
 * request) and off cross-site POSTs; Secure whenever the issuer is https.
 */
function attributes(issuer: string): string {
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
