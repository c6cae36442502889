import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AnyRoute, ResponseSpec } from '@idaas/http';
import type { TenantView } from '@idaas/replica';
import { signInFirstPage } from '../pages/account-passkeys-page';
import type { SsoSession } from '../store/session-store';
import { activeTenant } from './active-tenant';
import { readCookie, SESSION_COOKIE } from './cookies';
import type { HostedDeps } from './deps';
import { hostedPageRoute, type HostedPageSpec } from './hosted-page-route';
import { liveSession } from './live-session';
import { lookFor, pageError, sendPage } from './page-response';

/** Who an account page is for: the browser's live SSO session with the tenant of the path. */
export interface AccountSession {
  tenant: TenantView;
  session: SsoSession;
  /** The session cookie: the account pages' CSRF token is kept on its session. */
  cookie: string;
}

/** What every account page may answer besides its own: no tenant, no session, a wrong CSRF token. */
export const accountPageResponses = (own: Record<number, ResponseSpec>): Record<number, ResponseSpec> => ({
  ...own,
  403: {
    description:
      'Page "sign in first" (no live session of this tenant), or error page: the CSRF token is wrong',
    contentType: 'text/html',
  },
  404: { description: 'Error page: no such tenant', contentType: 'text/html' },
});

interface AccountRouteSpec<Q extends z.ZodType, F extends z.ZodType> extends HostedPageSpec<Q, F> {
  /** A form (POST): it must carry the session's account CSRF token, checked before `run`. */
  form?: F & z.ZodType<{ csrf_token?: string | undefined }>;
  run: (
    account: AccountSession,
    input: { query: z.output<Q>; form: z.output<F> },
    req: Request,
    res: Response,
  ) => Promise<void>;
}

/**
 * A page of the signed-in user's own account (`/t/:tenant/account/...`): bound to the browser's
 * SSO session, not to a login flow. The tenant must be active (else the error page, 404); without
 * a live session of this tenant (none, expired, another tenant's cookie, a user no longer active)
 * the page says to sign in first (403) and shows nothing of any account; a form must carry the
 * session's CSRF token (else the error page, 403).
 */
export function accountPageRoute<
  Q extends z.ZodType = z.ZodObject<z.ZodRawShape>,
  F extends z.ZodType = z.ZodObject<z.ZodRawShape>,
>(deps: HostedDeps, spec: AccountRouteSpec<Q, F>): AnyRoute {
  return hostedPageRoute(deps, spec, async ({ slug, query, form, req, res }) => {
    const tenant = activeTenant(deps, slug);
    const cookie = readCookie(req, SESSION_COOKIE);
    const session = cookie ? await liveSession(deps, req, tenant) : undefined;
    if (!cookie || !session) return sendPage(res, 403, signInFirstPage(lookFor(deps, tenant, req)));
    const presented = (form as { csrf_token?: string } | undefined)?.csrf_token;
    if (spec.form && !(await deps.sessions.accountCsrfMatches(tenant.tenantId, cookie, presented)))
      throw pageError(403, 'error.csrf');
    await spec.run({ tenant, session, cookie }, { query, form }, req, res);
  });
}
