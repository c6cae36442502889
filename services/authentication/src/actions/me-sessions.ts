import type { Request } from 'express';
import { z } from 'zod';
import { defineRoute, Problems, type AnyRoute } from '@idaas/http';
import type { TenantView } from '@idaas/replica';
import type { AuthenticationDeps } from '../deps';
import { ownSessionFacts } from '../domain/own-session';
import { endOwnSession } from '../grants/end-own-sessions';
import type { SessionStore } from '../store/session-store';
import { activeTenant, tenantParams } from './tenant-step';
import { activeUserOf, bearerError, issuerAccessToken } from './userinfo';

/*
 * The user's own SSO sessions. They live here, in the authentication service's database, and are
 * served here on the tenant's issuer, beside UserInfo: the lifecycle service's other /me routes
 * would otherwise have to read another service's database or call it on every request.
 */

export type MeSessionDeps = AuthenticationDeps & { sessions: SessionStore };

const sessionParams = tenantParams.extend({ sessionId: z.string().uuid() });

/** Pipeline step: the active user an unrevoked access token of this tenant's issuer names (as UserInfo). */
export async function sessionOwner(deps: MeSessionDeps, tenant: TenantView, req: Request): Promise<string> {
  const valid = await issuerAccessToken(deps, tenant, req);
  if (!valid.scope.split(' ').includes('openid'))
    throw bearerError(401, 'invalid_token', 'The access token is invalid, expired or revoked.');
  return (await activeUserOf(deps, tenant, valid.claims.sub)).userId;
}

const sessionView = z.object({
  sessionId: z.string(),
  authTime: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  amr: z.array(z.string()),
});

export const meSessionRoutes = (deps: MeSessionDeps): AnyRoute[] => [
  defineRoute({
    method: 'get',
    path: '/t/:tenant/me/sessions',
    operationId: 'listMySessions',
    summary: 'The signed-in user’s own live SSO sessions',
    tags: ['me'],
    security: ['openid'],
    params: tenantParams,
    responses: {
      200: { description: 'The sessions', schema: z.object({ sessions: z.array(sessionView) }) },
      401: { description: 'No valid user access token of this tenant' },
      404: { description: 'No such tenant' },
    },
    handler: async ({ params, req }) => {
      const tenant = activeTenant(deps, params.tenant, 'problem');
      const userId = await sessionOwner(deps, tenant, req);
      const sessions = await deps.sessions.liveOf(tenant.tenantId, userId, deps.clock());
      return {
        status: 200,
        headers: { 'Cache-Control': 'no-store' },
        body: {
          sessions: sessions.map(ownSessionFacts).map((s) => ({
            ...s,
            authTime: s.authTime.toISOString(),
            lastSeenAt: s.lastSeenAt.toISOString(),
            expiresAt: s.expiresAt.toISOString(),
          })),
        },
      };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/t/:tenant/me/sessions/:sessionId',
    operationId: 'revokeMySession',
    summary: 'Sign one of the own sessions out, with the tokens it granted',
    tags: ['me'],
    security: ['openid'],
    params: sessionParams,
    responses: {
      204: { description: 'Signed out' },
      401: { description: 'No valid user access token of this tenant' },
      404: { description: 'No such session of this user (another user’s is as unknown)' },
    },
    handler: async ({ params, req }) => {
      const tenant = activeTenant(deps, params.tenant, 'problem');
      const userId = await sessionOwner(deps, tenant, req);
      if (!(await endOwnSession(deps, tenant.tenantId, userId, params.sessionId)))
        throw Problems.notFound('No such session.');
      return { status: 204 };
    },
  }),
];
