import type { Request, Response } from 'express';
import { z } from 'zod';
import { defineRoute, type AnyRoute } from '@idaas/http';
import type { TenantView } from '@idaas/replica';
import { activeTenant } from '../hosted/active-tenant';
import { clearSessionCookie, readCookie, SESSION_COOKIE } from '../hosted/cookies';
import type { HostedDeps } from '../hosted/deps';
import { revokeSessionGrants } from '../grants/revoke-family';
import { verifiedIdTokenHint } from '../hosted/id-token-hint';
import { asPage, lookFor, pageError, sendPage } from '../hosted/page-response';
import { logoutConfirmPage, signedOutPage } from '../pages/logout-page';
import { tenantParams } from './tenant-step';

const param = z.string().max(8192).optional();
const logoutParams = z.object({
  id_token_hint: param,
  client_id: param,
  post_logout_redirect_uri: param,
  state: param,
  ui_locales: param,
  csrf_token: param,
});

type LogoutParams = z.output<typeof logoutParams>;

/**
 * Step: where to send the user afterwards. Only a URI the identified client registered for
 * logout, byte for byte; otherwise we show "signed out" and redirect nowhere.
 * https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RedirectionAfterLogout
 */
async function afterLogout(
  deps: HostedDeps,
  tenant: TenantView,
  p: LogoutParams,
): Promise<string | undefined> {
  const hint = p.id_token_hint ? await verifiedIdTokenHint(deps, tenant, p.id_token_hint) : undefined;
  const hinted =
    typeof hint?.aud === 'string' ? hint.aud : Array.isArray(hint?.aud) ? hint.aud[0] : undefined;
  // A client_id that contradicts the hint's audience identifies no client.
  if (p.client_id && hinted && p.client_id !== hinted) return undefined;
  const clientId = p.client_id ?? hinted;
  const client = clientId ? deps.applications.find(tenant.tenantId, clientId) : undefined;
  const uri = p.post_logout_redirect_uri;
  if (!client || !uri || !client.postLogoutRedirectUris.includes(uri)) return undefined;
  const url = new URL(uri);
  if (p.state !== undefined) url.searchParams.append('state', p.state);
  return url.toString();
}

const uiLocalesOf = (p: LogoutParams) => (p.ui_locales ?? '').split(' ').filter(Boolean);

/** Asks before signing out: a logout link alone must not end a session (CSRF). */
async function confirmLogout(deps: HostedDeps, req: Request, res: Response, slug: string, p: LogoutParams) {
  const tenant = activeTenant(deps, slug);
  const look = lookFor(deps, tenant, req, uiLocalesOf(p));
  const cookie = readCookie(req, SESSION_COOKIE);
  const session = cookie ? await deps.sessions.find(tenant.tenantId, cookie, deps.clock()) : undefined;
  if (!cookie || !session) {
    // Nothing to end: go where the client asked, if it may, else say so.
    const target = await afterLogout(deps, tenant, p);
    if (target) res.status(303).set('Cache-Control', 'no-store').location(target).end();
    else sendPage(res, 200, signedOutPage(look));
    return;
  }
  const csrfToken = await deps.sessions.logoutCsrf(tenant.tenantId, cookie);
  sendPage(
    res,
    200,
    logoutConfirmPage(look, {
      action: `${deps.issuerOf(tenant)}/oauth2/logout`,
      csrfToken,
      hidden: {
        id_token_hint: p.id_token_hint,
        client_id: p.client_id,
        post_logout_redirect_uri: p.post_logout_redirect_uri,
        state: p.state,
        ui_locales: p.ui_locales,
      },
    }),
  );
}

async function endSession(deps: HostedDeps, req: Request, res: Response, slug: string, p: LogoutParams) {
  const tenant = activeTenant(deps, slug);
  const cookie = readCookie(req, SESSION_COOKIE);
  // A POST without the confirmation page's token (another site's form) is only a request to confirm.
  if (!cookie || !p.csrf_token) return confirmLogout(deps, req, res, slug, p);
  const ended = await deps.sessions.endConfirmed(tenant.tenantId, cookie, p.csrf_token);
  if (!ended) throw pageError(403, 'error.csrf');
  await revokeSessionGrants(deps, tenant.tenantId, ended.sessionId, deps.clock());
  clearSessionCookie(res, deps.issuerOf(tenant));
  const target = await afterLogout(deps, tenant, p);
  if (target) res.status(303).set('Cache-Control', 'no-store').location(target).end();
  else sendPage(res, 200, signedOutPage(lookFor(deps, tenant, req, uiLocalesOf(p))));
}

const responses = {
  200: { description: 'The confirmation page, or "signed out"', contentType: 'text/html' },
  303: { description: "Signed out: to the client's registered post-logout redirect URI" },
  403: { description: 'Error page: the confirmation token is missing or wrong', contentType: 'text/html' },
  404: { description: 'Error page: no such tenant', contentType: 'text/html' },
};

/** RP-initiated logout: `GET|POST /t/:tenant/oauth2/logout`. */
export const logoutRoutes = (deps: HostedDeps): AnyRoute[] => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/oauth2/logout',
    operationId: 'endSession',
    summary: 'End-session endpoint (OpenID Connect RP-Initiated Logout 1.0): asks for confirmation',
    tags: ['oauth2'],
    params: tenantParams,
    query: logoutParams,
    responses,
    handler: async ({ params, query, req, res }) =>
      asPage(deps, req, res, params.tenant, () => confirmLogout(deps, req, res, params.tenant, query)),
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/oauth2/logout',
    operationId: 'endSessionConfirmed',
    summary: 'End-session endpoint: the confirmed sign-out',
    tags: ['oauth2'],
    params: tenantParams,
    body: logoutParams,
    bodyTypes: ['form'],
    responses,
    handler: async ({ params, body, req, res }) =>
      asPage(deps, req, res, params.tenant, () => endSession(deps, req, res, params.tenant, body)),
  }),
];
