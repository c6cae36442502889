import { z } from 'zod';
import { defineRoute, meDenied, meRouteBase, Problems, type AnyRoute } from '@idaas/http';
import { hasEnrolledSecondFactor } from '@idaas/identity';
import type { LifecycleDeps } from '../deps';
import { renewRecoveryCodes } from '@idaas/user-store';
import { credentialChanger, meStepUp } from '../me/me-steps';
import { tenantSlugParams } from './tenant-page-step';

/** A credential id is at most 1023 bytes: 1364 characters of base64url. */
const passkeyParams = tenantSlugParams.extend({ credentialId: z.string().min(1).max(1400) });

const newRecoveryCodes = z.object({
  recoveryCodes: z.array(z.string()).describe('Ten codes, each usable once; shown this once only'),
});

/**
 * The user's own second factors, changed with their access token: remove the authenticator app or
 * a passkey, or get new recovery codes. Each is a credential change, so each needs a recent second
 * factor like the password change; the removals go through `SecondFactorRemoval`, which decides
 * what goes along and tells of it with `actor: user`.
 */
export const meMfaRoutes = (deps: LifecycleDeps): AnyRoute[] => [
  defineRoute({
    ...meRouteBase,
    method: 'delete',
    path: '/t/:tenant/me/mfa/totp',
    operationId: 'removeMyAuthenticatorApp',
    summary: 'Remove the own authenticator app (TOTP); the recovery codes go too when no passkey is left',
    params: tenantSlugParams,
    responses: {
      204: { description: 'Removed' },
      ...meDenied,
      ...meStepUp,
      404: { description: 'No such tenant in this region, or the user has no authenticator app' },
    },
    handler: async ({ params, req }) => {
      const { tenant, user } = await credentialChanger(deps, req, params.tenant);
      const removed = await deps.secondFactors.removeAuthenticatorApp(
        tenant.tenantId,
        user.userId,
        'user',
        deps.clock(),
      );
      if (removed.length === 0) throw Problems.notFound('You have no authenticator app.');
      return { status: 204 };
    },
  }),
  defineRoute({
    ...meRouteBase,
    method: 'delete',
    path: '/t/:tenant/me/mfa/webauthn/:credentialId',
    operationId: 'removeMyPasskey',
    summary:
      'Remove one of the own passkeys or security keys (its `credentialId` from GET /me/mfa); the recovery codes go too with the last second factor',
    params: passkeyParams,
    responses: {
      204: { description: 'Removed' },
      ...meDenied,
      ...meStepUp,
      404: { description: 'No such tenant in this region, or no such passkey of the caller' },
    },
    handler: async ({ params, req }) => {
      const { tenant, user } = await credentialChanger(deps, req, params.tenant);
      const removed = await deps.secondFactors.removePasskey(
        tenant.tenantId,
        user.userId,
        params.credentialId,
        'user',
        deps.clock(),
      );
      // Another user's passkey is not the caller's to know of: the same answer as none at all.
      if (removed.length === 0) throw Problems.notFound('You have no passkey with that id.');
      return { status: 204 };
    },
  }),
  defineRoute({
    ...meRouteBase,
    method: 'post',
    path: '/t/:tenant/me/mfa/recovery-codes',
    operationId: 'regenerateMyRecoveryCodes',
    summary: 'Ten new recovery codes replacing the old ones, shown this once',
    params: tenantSlugParams,
    responses: {
      200: { description: 'The new codes (`Cache-Control: no-store`)', schema: newRecoveryCodes },
      409: { description: 'The user has no authenticator app or passkey for recovery codes to back up' },
      ...meDenied,
      ...meStepUp,
    },
    handler: async ({ params, req }) => {
      const { tenant, user } = await credentialChanger(deps, req, params.tenant);
      const now = deps.clock();
      if (!hasEnrolledSecondFactor(await deps.mfa.mfaOf(tenant.tenantId, user.userId)))
        throw Problems.conflict(
          'Recovery codes stand in for an authenticator app or passkey; enrol one of them first.',
        );
      const recoveryCodes = await renewRecoveryCodes(
        { codes: deps.recoveryCodes, changes: deps.mfaChanges },
        tenant.tenantId,
        user.userId,
        'user',
        now,
      );
      return { status: 200, body: { recoveryCodes }, headers: { 'Cache-Control': 'no-store' } };
    },
  }),
];
