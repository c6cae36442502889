import type { Request } from 'express';
import { z } from 'zod';
import {
  defineRoute,
  HttpError,
  meCaller,
  meDenied,
  meRouteBase,
  Problems,
  type AnyRoute,
} from '@idaas/http';
import type { User, UserState } from '@idaas/identity';
import type { TenantView } from '@idaas/replica';
import type { RegistrationDeps } from '../deps';
import { sendVerification } from './signup';
import { adminTenant } from './invitations';
import { adminTenantParams, homeTenant, tenantParams } from './tenant-step';
import { complete, requireSendPermit } from './verify';

/*
 * Proving the current address after the fact (a changed address, a tenant without verification at
 * sign-up, an import). Served here rather than beside the lifecycle service's other /me routes:
 * the codes, their attempt limit, the per-address send limit and the sealing key of the
 * verification email all live in this service, and the emailed link opens this service's
 * /verify page. Only the caller check is shared (libs/http `meCaller`).
 */

const alreadyVerified = {
  409: { description: 'The current address is already verified (already_verified)' },
};

/** Pipeline step: 409 when there is nothing left to prove. */
function requireUnverified(user: User): User {
  if (user.emailVerified)
    throw new HttpError(409, 'already_verified', 'The email address is already verified.');
  return user;
}

/** Pipeline step: the signed-in user whose address is still to be proven. */
async function unverifiedCaller(
  deps: RegistrationDeps,
  req: Request,
  slug: string,
): Promise<{ tenant: TenantView; user: User }> {
  const tenant = homeTenant(deps, deps.tenants.findBySlug(slug));
  return { tenant, user: requireUnverified(await meCaller(deps, req, tenant)) };
}

/** A code and link to the user's current address, under the per-address limit of resends. */
async function sendAddressProof(deps: RegistrationDeps, tenant: TenantView, user: User): Promise<void> {
  const now = deps.clock();
  requireSendPermit(await deps.sends.take(tenant.tenantId, user.email, now));
  await sendVerification(deps, tenant, user, undefined, now);
}

/** Users whose address an admin may have proven: not the ones a sign-up or invitation proves. */
const PROVABLE: readonly UserState[] = [
  'active',
  'suspended',
  'locked',
  'disabled',
  'password_reset_required',
];

export const meEmailRoutes = (deps: RegistrationDeps): AnyRoute[] => [
  defineRoute({
    ...meRouteBase,
    method: 'post',
    path: '/t/:tenant/me/email/verification',
    operationId: 'sendMyEmailVerification',
    summary: 'Email a code and link to the own current address (the older ones stop working)',
    params: tenantParams,
    responses: {
      204: { description: 'Sent to the current address' },
      ...meDenied,
      ...alreadyVerified,
      429: { description: 'Too soon: once a minute, five an hour per address (Retry-After)' },
    },
    handler: async ({ params, req }) => {
      const { tenant, user } = await unverifiedCaller(deps, req, params.tenant);
      await sendAddressProof(deps, tenant, user);
      return { status: 204 };
    },
  }),
  defineRoute({
    ...meRouteBase,
    method: 'post',
    path: '/t/:tenant/me/email/verify',
    operationId: 'verifyMyEmail',
    summary: 'Prove the own current address with the emailed six-digit code',
    params: tenantParams,
    body: z.object({ code: z.string().regex(/^\d{6}$/, 'six digits') }).strict(),
    responses: {
      204: { description: 'Verified: ID tokens say email_verified true from the next sign-in' },
      400: {
        description:
          'Wrong, expired or used code, or one sent to an address the account no longer has (invalid_verification); wrong codes count towards the limit of five',
      },
      ...meDenied,
      ...alreadyVerified,
    },
    handler: async ({ params, body, req }) => {
      const { tenant, user } = await unverifiedCaller(deps, req, params.tenant);
      // The caller's own verification only: another user's code is simply wrong here.
      await complete(
        deps,
        await deps.verifications.redeemCode(tenant.tenantId, user.userId, body.code, deps.clock()),
      );
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/admin/tenants/:tenantId/users/:userId/email/verification',
    operationId: 'sendUserEmailVerification',
    summary: "Email a code and link to a user's current address (imported or changed addresses)",
    tags: ['users'],
    security: ['bearer'],
    params: adminTenantParams.extend({ userId: z.string().min(1).max(64) }),
    responses: {
      204: { description: "Sent to the user's current address" },
      401: { description: 'No valid token' },
      403: { description: 'The token lacks users:write' },
      404: {
        description: 'No such tenant, or no such user (pending sign-ups and invitations prove it there)',
      },
      ...alreadyVerified,
      429: { description: 'Too soon: once a minute, five an hour per address (Retry-After)' },
    },
    handler: async ({ params, req }) => {
      const { tenant } = await adminTenant(deps, req, params.tenantId);
      const user = await deps.users.findById(tenant.tenantId, params.userId);
      if (!user || !PROVABLE.includes(user.state)) throw Problems.notFound('No such user.');
      await sendAddressProof(deps, tenant, requireUnverified(user));
      return { status: 204 };
    },
  }),
];
