import { z } from 'zod';
import { defineRoute, HttpError, type AnyRoute } from '@idaas/http';
import { IllegalTransitionError } from '@idaas/identity';
import type { TenantView } from '@idaas/replica';
import type { RegistrationDeps } from '../deps';
import type { SendPermit } from '../store/resend-limiter';
import { proofOf } from '../domain/verification-proof';
import { addressHash, type Verified } from '../store/verification-store';
import { sendVerification } from './signup';
import { homeTenant, tenantParams } from './tenant-step';

const invalidVerification = () =>
  new HttpError(400, 'invalid_verification', 'The code or link is wrong, expired or already used.');

const addressChanged = () =>
  new HttpError(
    400,
    'invalid_verification',
    'The code or link was sent to an address this account no longer has; ask for a new one.',
  );

/** Pipeline step: 429 with Retry-After when the per-address email limit refused the send. */
export function requireSendPermit(permit: SendPermit): void {
  if (!permit.allowed)
    throw new HttpError(429, 'too_many_requests', 'Too many emails to this address; try again later.', {
      headers: { 'Retry-After': String(permit.retryAfterSeconds) },
    });
}

/**
 * What a redeemed verification proves. For a user who signed up, `verifyEmail` (its event comes from
 * the directory); for anyone else, the address, if the account still has the one the email went to.
 */
export async function complete(deps: RegistrationDeps, verified: Verified | undefined): Promise<Verified> {
  if (!verified) throw invalidVerification();
  const user = await deps.users.findById(verified.tenantId, verified.userId);
  const proof = proofOf(
    verified.emailHash,
    user && { state: user.state, addressHash: addressHash(user.email) },
  );
  if (proof === 'nothing' || !user) throw invalidVerification();
  if (proof === 'address_changed') throw addressChanged();
  if (proof === 'address') {
    const outcome = await deps.addressProofs.confirm(
      verified.tenantId,
      user.userId,
      user.email,
      deps.clock(),
    );
    // Changed between the read above and the conditional update: the new address stays unproven.
    if (outcome === 'address_changed') throw addressChanged();
    deps.eventsWritten();
    return verified;
  }
  try {
    await deps.users.transition(verified.tenantId, verified.userId, 'verifyEmail', deps.clock());
  } catch (e) {
    if (e instanceof IllegalTransitionError) throw invalidVerification();
    throw e;
  }
  return verified;
}

export async function verifyByCode(deps: RegistrationDeps, tenant: TenantView, email: string, code: string) {
  // An unknown address fails like a wrong code: the answer says nothing about which addresses exist.
  const user = await deps.users.findByEmail(tenant.tenantId, email);
  const verified = user
    ? await deps.verifications.redeemCode(tenant.tenantId, user.userId, code, deps.clock())
    : undefined;
  return complete(deps, verified);
}

/**
 * A new verification email, if the address is waiting for one, under the per-address limit; the
 * limit counts unknown addresses too, so neither answer tells whether the address has an account.
 */
export async function resendVerification(
  deps: RegistrationDeps,
  tenant: TenantView,
  email: string,
  loginFlowId: string | undefined,
): Promise<SendPermit> {
  const now = deps.clock();
  const permit = await deps.sends.take(tenant.tenantId, email, now);
  if (!permit.allowed) return permit;
  const user = await deps.users.findByEmail(tenant.tenantId, email);
  if (user?.state === 'pending_verification') await sendVerification(deps, tenant, user, loginFlowId, now);
  return permit;
}

const verifyBody = z.union([
  z.object({ token: z.string().min(1).max(200) }).strict(),
  z
    .object({ email: z.string().trim().email().max(254), code: z.string().regex(/^\d{6}$/, 'six digits') })
    .strict(),
]);

const resendBody = z.object({ email: z.string().trim().email().max(254) });

/** Verification by link token or by email and code, and resending the email. */
export const verifyRoutes = (deps: RegistrationDeps): AnyRoute[] => [
  defineRoute({
    method: 'post',
    path: '/t/:tenant/api/verify',
    operationId: 'verifyEmail',
    summary: "Verify the email address with the link's token or the emailed six-digit code",
    tags: ['registration'],
    params: tenantParams,
    body: verifyBody,
    responses: {
      200: { description: 'Verified: the user is active', schema: z.object({ status: z.literal('active') }) },
      400: { description: 'Wrong, expired or used code or token (invalid_verification)' },
      404: { description: 'No such tenant in this region' },
    },
    handler: async ({ params, body }) => {
      const tenant = homeTenant(deps, deps.tenants.findBySlug(params.tenant));
      if ('token' in body)
        await complete(deps, await deps.verifications.redeemToken(tenant.tenantId, body.token, deps.clock()));
      else await verifyByCode(deps, tenant, body.email, body.code);
      return { status: 200, body: { status: 'active' } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/api/verification/resend',
    operationId: 'resendVerification',
    summary: 'Send the verification email again (a new code and link; the old ones stop working)',
    tags: ['registration'],
    params: tenantParams,
    body: resendBody,
    responses: {
      202: { description: 'Sent if the address is waiting for verification (same answer otherwise)' },
      404: { description: 'No such tenant in this region' },
      429: { description: 'Too soon: once a minute, five an hour per address (Retry-After)' },
    },
    handler: async ({ params, body }) => {
      const tenant = homeTenant(deps, deps.tenants.findBySlug(params.tenant));
      requireSendPermit(await resendVerification(deps, tenant, body.email, undefined));
      return { status: 202, body: { status: 'accepted' } };
    },
  }),
];
