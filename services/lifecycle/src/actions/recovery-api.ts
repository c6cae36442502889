import { z } from 'zod';
import { defineRoute, Problems, type AnyRoute } from '@idaas/http';
import { UserNotFoundError } from '@idaas/identity';
import type { LifecycleDeps } from '../deps';
import {
  InvalidRecoveryProofError,
  PasswordRejectedError,
  type RecoveryProof,
} from '../recovery/password-recovery';
import { homeTenantBySlug, tenantSlugParams } from './tenant-page-step';

const base = { tags: ['password recovery'] };

export const recoveryRequestBody = z.object({ email: z.string().trim().email().max(254) });

export const recoveryCompleteBody = z
  .object({
    /** From the emailed link. */
    token: z.string().min(1).max(200).optional(),
    /** Or the address and the six-digit code from the same email. */
    email: z.string().trim().email().max(254).optional(),
    code: z
      .string()
      .regex(/^\d{6}$/, 'six digits')
      .optional(),
    password: z.string().min(1).max(1024),
  })
  .strict();

/** What every recovery request answers, whether the address has an account or not. */
export const RECOVERY_SENT = {
  status: 'recovery_sent' as const,
  detail:
    'If the address has an account that can be recovered, an email with a link and a code is on its way.',
};

/** The link token, or the address with the code; naming the missing field otherwise. */
export function proofOf(
  body: { token?: string; email?: string; code?: string },
  prefix: string,
): RecoveryProof {
  if (body.token) return { token: body.token };
  if (body.email && body.code) return { email: body.email, code: body.code };
  throw Problems.validation([
    {
      field: `${prefix}${body.email ? 'code' : 'token'}`,
      message: 'give the link token, or the email and the code',
    },
  ]);
}

/** The recovery's domain errors as 400 problems naming the field. */
export function recoveryProblem(e: unknown, prefix: string): unknown {
  if (e instanceof PasswordRejectedError)
    return Problems.validation(
      e.violations.map((v) => ({ field: `${prefix}${v.field}`, message: v.message })),
    );
  if (e instanceof InvalidRecoveryProofError || e instanceof UserNotFoundError)
    return Problems.validation([
      {
        field: `${prefix}${e instanceof InvalidRecoveryProofError ? e.field : 'token'}`,
        message: 'is wrong, expired or already used',
      },
    ]);
  return e;
}

export const recoveryApiRoutes = (deps: LifecycleDeps): AnyRoute[] => [
  defineRoute({
    ...base,
    method: 'post',
    path: '/t/:tenant/api/recovery',
    operationId: 'requestPasswordRecovery',
    summary:
      'Forgot password: an email with a link and a code, if the address has an account (same answer either way)',
    params: tenantSlugParams,
    body: recoveryRequestBody,
    responses: {
      202: { description: 'Accepted; an email is on its way if the account exists' },
      400: { description: 'Bad input; `errors[].field` names it' },
      404: { description: 'No such tenant in this region' },
      429: { description: 'Too many requests for this address; see Retry-After' },
    },
    handler: async ({ params, body }) => {
      const tenant = homeTenantBySlug(deps, params.tenant);
      const permit = await deps.recovery.request(tenant, body.email);
      if (!permit.allowed)
        throw Problems.tooManyRequests('Please wait before asking for another recovery email.', {
          headers: { 'Retry-After': String(permit.retryAfterSeconds) },
        });
      return { status: 202, body: RECOVERY_SENT };
    },
  }),
  defineRoute({
    ...base,
    method: 'post',
    path: '/t/:tenant/api/recovery/complete',
    operationId: 'completePasswordRecovery',
    summary: 'Set a new password with the emailed link token or code; ends every session and refresh token',
    params: tenantSlugParams,
    body: recoveryCompleteBody,
    responses: {
      200: { description: 'The password is set; the user may sign in with it' },
      400: {
        description: 'Wrong, expired or used proof, or the password breaks the policy (`errors[].field`)',
      },
      404: { description: 'No such tenant in this region' },
    },
    handler: async ({ params, body }) => {
      const tenant = homeTenantBySlug(deps, params.tenant);
      const proof = proofOf(body, 'body.');
      const rules = deps.policies.effectiveFor(tenant.tenantId, '').policy.password;
      try {
        await deps.recovery.complete(tenant, proof, body.password, rules);
      } catch (e) {
        throw recoveryProblem(e, 'body.');
      }
      return { status: 200, body: { status: 'password_changed' } };
    },
  }),
];
