import { z } from 'zod';
import { mfaChangeMethod, type MfaChangeMethod } from '@idaas/events';
import { defineRoute, type AnyRoute } from '@idaas/http';
import type { SecondFactorRemoval } from '@idaas/user-store';
import { revokeUserGrants } from '../grants/revoke-family';
import type { SessionStore } from '../store/session-store';
import { type AdminMfaDeps, base, denied, regionUser, toView, userMfaView, userParams } from './admin-mfa';

export type AdminMfaResetDeps = AdminMfaDeps & {
  secondFactors: SecondFactorRemoval;
  sessions: SessionStore;
};

/** Alone, recovery codes are no method to take away: they go with the last second factor. */
const removableMethod = z.enum(['totp', 'webauthn']);

const resetView = userMfaView.extend({
  /** The methods the user had and no longer has; empty when there was nothing to remove. */
  removed: z.array(mfaChangeMethod),
  /** SSO sessions of this region that ended with the reset (their tokens revoked). */
  sessionsEnded: z.number().optional(),
});

/** The user's MFA as it is now, with what this request took away. */
async function afterRemoval(
  deps: AdminMfaResetDeps,
  tenantId: string,
  userId: string,
  removed: MfaChangeMethod[],
  sessionsEnded?: number,
): Promise<{ status: 200; body: z.infer<typeof resetView> }> {
  return {
    status: 200,
    body: {
      ...toView(userId, await deps.mfa.mfaOf(tenantId, userId)),
      removed,
      ...(sessionsEnded === undefined ? {} : { sessionsEnded }),
    },
  };
}

/**
 * The admin's answer to a lost phone or a taken-over account (Auth0's "Reset MFA", Okta's "Reset
 * authenticators"): the user's second factors go, and where the policy requires MFA the next
 * sign-in enrols again. Every removal goes through `SecondFactorRemoval`, so each removed method
 * is told as `idaas.user.mfa.changed.v1` with `actor: admin`.
 */
export const adminMfaResetRoutes = (deps: AdminMfaResetDeps): AnyRoute[] => [
  defineRoute({
    ...base,
    method: 'delete',
    path: '/admin/tenants/:tenantId/users/:userId/mfa/enrolments',
    operationId: 'resetUserMfa',
    summary:
      "Reset a user's second factors: authenticator app, passkeys, recovery codes and remembered browsers go, and the user's SSO sessions in this region end",
    security: ['users:write'],
    params: userParams,
    responses: {
      200: { description: "The user's MFA afterwards, what was removed, sessions ended", schema: resetView },
      ...denied,
    },
    handler: async ({ params, req }) => {
      const { tenantId, userId } = params;
      await regionUser(deps, req, tenantId, userId, 'users:write');
      const now = deps.clock();
      const removed = await deps.secondFactors.reset(tenantId, userId, 'admin', now);
      // Whoever took the account over may still hold a session from a sign-in with those
      // factors: it ends here, and what it obtained is revoked as after a password change.
      const ended = await deps.sessions.endAllOf(tenantId, userId);
      await revokeUserGrants(deps, tenantId, userId, now);
      return afterRemoval(deps, tenantId, userId, removed, ended.length);
    },
  }),
  defineRoute({
    ...base,
    method: 'delete',
    path: '/admin/tenants/:tenantId/users/:userId/mfa/enrolments/:method',
    operationId: 'removeUserMfaMethod',
    summary:
      "Remove one of a user's methods: `totp` (the authenticator app) or `webauthn` (every passkey and security key); recovery codes go along when no second factor is left",
    security: ['users:write'],
    params: userParams.extend({ method: removableMethod }),
    responses: {
      200: { description: "The user's MFA afterwards and what was removed", schema: resetView },
      ...denied,
    },
    handler: async ({ params, req }) => {
      const { tenantId, userId } = params;
      await regionUser(deps, req, tenantId, userId, 'users:write');
      const now = deps.clock();
      const removed =
        params.method === 'totp'
          ? await deps.secondFactors.removeAuthenticatorApp(tenantId, userId, 'admin', now)
          : await deps.secondFactors.removeAllPasskeys(tenantId, userId, 'admin', now);
      return afterRemoval(deps, tenantId, userId, removed);
    },
  }),
];
