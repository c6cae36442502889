import { z } from 'zod';
import { defineRoute, meCallerWithToken, meDenied, meRouteBase, Problems, type AnyRoute } from '@idaas/http';
import { DuplicateEmailError, passwordViolations, type User } from '@idaas/identity';
import type { LifecycleDeps } from '../deps';
import { caller, credentialChanger, meStepUp } from '../me/me-steps';
import { requireRecentSecondFactor } from '../me/recent-second-factor-step';
import { ownAccount, ownSecondFactor, personalDataExport } from '../me/personal-data';
import { asProblem } from './admin-steps';
import { homeTenantBySlug, tenantSlugParams } from './tenant-page-step';

const profileChange = z
  .object({
    email: z.string().trim().email().max(254).optional(),
    name: z.string().trim().min(1).max(200).nullable().optional(),
    givenName: z.string().trim().min(1).max(100).nullable().optional(),
    familyName: z.string().trim().min(1).max(100).nullable().optional(),
    locale: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 tag such as de-CH')
      .nullable()
      .optional(),
  })
  .strict();

const passwordChange = z
  .object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) })
  .strict();

/** A profile with the PATCH applied: a field set to null is removed, one left out stays. */
function patchedProfile(current: User['profile'], change: z.output<typeof profileChange>): User['profile'] {
  const next: Record<string, string> = { ...current } as Record<string, string>;
  for (const key of ['name', 'givenName', 'familyName', 'locale'] as const) {
    const value = change[key];
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next;
}

export const meRoutes = (deps: LifecycleDeps): AnyRoute[] => [
  defineRoute({
    ...meRouteBase,
    method: 'get',
    path: '/t/:tenant/me',
    operationId: 'getMe',
    summary: 'The caller’s own account and profile',
    params: tenantSlugParams,
    responses: { 200: { description: 'The account' }, ...meDenied },
    handler: async ({ params, req }) => {
      const { user } = await caller(deps, req, params.tenant);
      return { status: 200, body: ownAccount(user) };
    },
  }),
  defineRoute({
    ...meRouteBase,
    method: 'patch',
    path: '/t/:tenant/me',
    operationId: 'updateMe',
    summary: 'Change the own profile or email (a new email is unverified); null removes a field',
    params: tenantSlugParams,
    body: profileChange,
    responses: {
      200: { description: 'The account after the change' },
      400: { description: 'Bad input; `errors[].field` names it' },
      409: { description: 'The email belongs to another account of the tenant' },
      ...meDenied,
      ...meStepUp,
    },
    handler: async ({ params, body, req }) => {
      const tenant = homeTenantBySlug(deps, params.tenant);
      const { user, token } = await meCallerWithToken(deps, req, tenant);
      // The address is where recovery links and sign-in codes go: moving it changes a credential.
      if (body.email !== undefined && body.email.toLowerCase() !== user.email.toLowerCase())
        await requireRecentSecondFactor(deps, tenant.tenantId, user, token);
      try {
        const updated = await deps.users.updateProfile(
          tenant.tenantId,
          user.userId,
          { email: body.email ?? user.email, profile: patchedProfile(user.profile, body) },
          { expectedVersion: user.version, now: deps.clock() },
        );
        return { status: 200, body: ownAccount(updated) };
      } catch (e) {
        if (e instanceof DuplicateEmailError)
          throw Problems.conflict('Another account of this tenant has that email.', {
            errors: [{ field: 'body.email', message: 'is taken' }],
          });
        return asProblem(() => Promise.reject(e));
      }
    },
  }),
  defineRoute({
    ...meRouteBase,
    method: 'post',
    path: '/t/:tenant/me/password',
    operationId: 'changeMyPassword',
    summary: 'Change the own password: the current one first; every session and refresh token ends',
    params: tenantSlugParams,
    body: passwordChange,
    responses: {
      204: { description: 'Changed; sign in again with the new password' },
      400: { description: 'Wrong current password, or the new one breaks the policy (`errors[].field`)' },
      ...meDenied,
      ...meStepUp,
    },
    handler: async ({ params, body, req }) => {
      const { tenant, user } = await credentialChanger(deps, req, params.tenant);
      const policy = deps.policies.effectiveFor(tenant.tenantId, '').policy;
      const violations = passwordViolations(body.newPassword, policy.password, 'body.newPassword');
      if (violations.length > 0) throw Problems.validation(violations);
      // Through the sign-in check, so wrong guesses count towards the lockout like at the login page.
      const proof = await deps.users.verifyPassword(
        tenant.tenantId,
        user.email,
        body.currentPassword,
        policy.lockout,
        deps.clock(),
      );
      if (proof.outcome === 'refused')
        throw Problems.validation([
          { field: 'body.currentPassword', message: 'is not the current password' },
        ]);
      // The access token does not name its SSO session, so none can be kept: every session ends.
      await asProblem(() =>
        deps.users.changePassword(
          tenant.tenantId,
          user.userId,
          body.newPassword,
          { reason: 'password_changed' },
          deps.clock(),
        ),
      );
      return { status: 204 };
    },
  }),
  defineRoute({
    ...meRouteBase,
    method: 'get',
    path: '/t/:tenant/me/mfa',
    operationId: 'listMyMfa',
    summary: 'The own MFA enrolments (method and dates, a passkey’s credential id; never a secret)',
    params: tenantSlugParams,
    responses: { 200: { description: 'The enrolments' }, ...meDenied },
    handler: async ({ params, req }) => {
      const { tenant, user } = await caller(deps, req, params.tenant);
      const mfa = await deps.mfa.mfaOf(tenant.tenantId, user.userId);
      return { status: 200, body: { enrolments: mfa.enrolments.map(ownSecondFactor) } };
    },
  }),
  defineRoute({
    ...meRouteBase,
    method: 'get',
    path: '/t/:tenant/me/export',
    operationId: 'exportMe',
    summary: 'All own personal data kept in this region, as JSON',
    params: tenantSlugParams,
    responses: { 200: { description: 'The export' }, ...meDenied },
    handler: async ({ params, req }) => {
      const { tenant, user } = await caller(deps, req, params.tenant);
      const mfa = await deps.mfa.mfaOf(tenant.tenantId, user.userId);
      return {
        status: 200,
        body: personalDataExport(user, mfa.enrolments, deps.clock()),
        headers: { 'content-disposition': 'attachment; filename="my-data.json"' },
      };
    },
  }),
  defineRoute({
    ...meRouteBase,
    method: 'delete',
    path: '/t/:tenant/me',
    operationId: 'deleteMe',
    summary: 'Delete the own account: personal data erased, a tombstone kept, integrators told by an event',
    params: tenantSlugParams,
    responses: { 204: { description: 'Deleted' }, ...meDenied, ...meStepUp },
    handler: async ({ params, req }) => {
      const { tenant, user } = await credentialChanger(deps, req, params.tenant);
      await asProblem(() => deps.lifecycle.erase(tenant.tenantId, user.userId));
      return { status: 204 };
    },
  }),
];
