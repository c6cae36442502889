import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { HttpError } from '@idaas/http';
import { pageLook, readCookie, sendPage, html, page, type SafeHtml } from '@idaas/pages';
import type { TenantView } from '@idaas/replica';
import type { RegistrationDeps } from '../deps';
import { registrationStrings, type MessageKey, type PageLook } from '../pages/messages';

/** The tenant's look in the language the browser asks for, among the tenant's locales. */
export function lookFor(
  deps: Pick<RegistrationDeps, 'branding'>,
  tenant: TenantView | undefined,
  req: Request,
): PageLook {
  return pageLook(
    tenant,
    tenant ? deps.branding.brandingOf(tenant.tenantId) : undefined,
    { acceptLanguage: req.get('accept-language') },
    registrationStrings,
  );
}

export const CSRF_COOKIE = 'idaas_signup_csrf';

/**
 * Cookie attributes of the registration pages: scoped to the tenant's path, HttpOnly, and
 * SameSite=Strict, so a form posted from another site arrives without it; Secure on https.
 */
export function cookieAttributes(deps: Pick<RegistrationDeps, 'baseUrl'>, tenant: TenantView): string {
  const base = new URL(deps.baseUrl());
  const path = `${base.pathname.replace(/\/$/, '')}/t/${tenant.slug}`;
  return `Path=${path}; HttpOnly; SameSite=Strict${base.protocol === 'https:' ? '; Secure' : ''}`;
}

/**
 * Double-submit CSRF token: the same random value in a cookie and in the form. Pages have no
 * server-side state before sign-up, and another site can neither read nor set the cookie.
 * https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html
 */
export function csrfToken(
  deps: Pick<RegistrationDeps, 'baseUrl'>,
  tenant: TenantView,
  req: Request,
  res: Response,
): string {
  const existing = readCookie(req, CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  res.append('Set-Cookie', `${CSRF_COOKIE}=${token}; ${cookieAttributes(deps, tenant)}`);
  return token;
}

export function assertCsrf(req: Request, submitted: string | undefined): void {
  const expected = readCookie(req, CSRF_COOKIE);
  const ok =
    expected !== undefined &&
    submitted !== undefined &&
    expected.length === submitted.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(submitted));
  if (!ok) throw new HttpError(403, 'csrf', 'The CSRF token is missing or wrong.');
}

function errorPage(look: PageLook, message: MessageKey, requestId: string): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('error.title'),
    html`<h1>${t('error.title')}</h1>
      <p role="alert">${t(message)}</p>
      <p><small>${requestId}</small></p>`,
  );
}

/**
 * Runs a page handler and shows what it throws on the error page instead of problem JSON; nothing
 * of the request is echoed. Unexpected errors go on to the service's error handler (generic 500).
 */
export async function asPage(
  deps: Pick<RegistrationDeps, 'branding'>,
  req: Request,
  res: Response,
  tenant: () => TenantView | undefined,
  handle: () => Promise<void>,
): Promise<undefined> {
  try {
    await handle();
  } catch (e) {
    if (!(e instanceof HttpError) || e.status >= 500) throw e;
    const message: MessageKey =
      e.code === 'csrf' ? 'error.csrf' : e.status === 404 ? 'error.unknown_tenant' : 'error.generic';
    sendPage(res, e.status, errorPage(lookFor(deps, tenant(), req), message, req.requestId));
  }
  return undefined;
}

export const FLOW_COOKIE = 'idaas_signup_flow';
/** As long as the authentication service keeps a login flow; a later verification just says "verified". */
const FLOW_COOKIE_SECONDS = 15 * 60;

/**
 * Remembers in this browser the login flow the sign-up started from. Only the browser that holds
 * it lands signed in after verifying: a verification link opened elsewhere just verifies.
 * SameSite=Lax, because the link in the email arrives as a navigation from another site.
 */
export function rememberLoginFlow(
  deps: Pick<RegistrationDeps, 'baseUrl'>,
  tenant: TenantView,
  res: Response,
  flowId: string,
): void {
  const attributes = cookieAttributes(deps, tenant).replace('SameSite=Strict', 'SameSite=Lax');
  res.append('Set-Cookie', `${FLOW_COOKIE}=${flowId}; Max-Age=${FLOW_COOKIE_SECONDS}; ${attributes}`);
}

/** The remembered flow, and forgetting it: it serves one verification. */
export function takeLoginFlow(
  deps: Pick<RegistrationDeps, 'baseUrl'>,
  tenant: TenantView,
  req: Request,
  res: Response,
): string | undefined {
  const flowId = readCookie(req, FLOW_COOKIE);
  if (flowId !== undefined)
    res.append('Set-Cookie', `${FLOW_COOKIE}=; Max-Age=0; ${cookieAttributes(deps, tenant)}`);
  return flowId;
}
