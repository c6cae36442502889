import { z } from 'zod';
import { defineRoute, HttpError, Problems, type AnyRoute } from '@idaas/http';
import { DuplicateEmailError, IllegalTransitionError, type User } from '@idaas/identity';
import type { TenantView } from '@idaas/replica';
import { tenantUrl, type RegistrationDeps } from '../deps';
import { passwordViolations } from '../domain/sign-up-rules';
import { messageRequest } from '../message-request';
import { INVITATION_LIFETIME_SECONDS, type Invitation } from '../store/invitation-store';
import { adminTenantParams, homeTenant, tenantParams } from './tenant-step';

const invitationView = z.object({
  invitationId: z.string(),
  userId: z.string(),
  email: z.string(),
  invitedBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});

const view = (i: Invitation) => ({
  invitationId: i.invitationId,
  userId: i.userId,
  email: i.email,
  invitedBy: i.invitedBy,
  createdAt: i.createdAt.toISOString(),
  expiresAt: i.expiresAt.toISOString(),
});

export const invalidInvitation = () =>
  new HttpError(400, 'invalid_invitation', 'The invitation link is wrong, expired or already used.');

/**
 * Sets the invited user's password (tenant policy) and activates them; the link works once.
 * Throws `invalid_invitation` for a wrong, expired or used link, a validation problem for the password.
 */
export async function acceptInvitation(
  deps: RegistrationDeps,
  tenant: TenantView,
  token: string,
  password: string,
): Promise<void> {
  const now = deps.clock();
  const invitation = await deps.invitations.findOpen(tenant.tenantId, token, now);
  if (!invitation) throw invalidInvitation();
  const policy = deps.policies.effectiveFor(tenant.tenantId, '').policy;
  const violations = passwordViolations(password, policy.password);
  if (violations.length > 0)
    throw Problems.validation(violations.map((v) => ({ ...v, field: `body.${v.field}` })));
  if (!(await deps.invitations.redeem(tenant.tenantId, invitation.invitationId, now)))
    throw invalidInvitation();
  try {
    await deps.users.setPassword(tenant.tenantId, invitation.userId, password, now);
    await deps.users.transition(tenant.tenantId, invitation.userId, 'acceptInvite', now);
  } catch (e) {
    if (e instanceof IllegalTransitionError) throw invalidInvitation();
    throw e;
  }
}

const inviteBody = z.object({
  email: z.string().trim().email().max(254),
  name: z.string().trim().min(1).max(200).optional(),
  givenName: z.string().trim().min(1).max(100).optional(),
  familyName: z.string().trim().min(1).max(100).optional(),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 tag such as de-CH')
    .optional(),
  inviterName: z.string().trim().min(1).max(200).optional(),
});

async function sendInvitation(
  deps: RegistrationDeps,
  tenant: TenantView,
  user: User,
  invitedBy: string,
  inviterName: string | undefined,
): Promise<Invitation> {
  const now = deps.clock();
  const invitation = await deps.invitations.issue(
    { tenantId: tenant.tenantId, userId: user.userId, email: user.email, invitedBy },
    (token) =>
      messageRequest(
        deps.messages,
        {
          tenantId: tenant.tenantId,
          userId: user.userId,
          kind: 'invitation',
          ...(user.profile.locale ? { locale: user.profile.locale } : {}),
          secrets: {
            link: `${tenantUrl(deps, tenant)}/invite?token=${token}`,
            expiresInMinutes: String(INVITATION_LIFETIME_SECONDS / 60),
            ...(inviterName ? { inviterName } : {}),
          },
        },
        now,
      ),
    now,
  );
  deps.eventsWritten();
  return invitation;
}

/** The admin's tenant, checked against the token: a tenant admin of another tenant gets 404. */
export async function adminTenant(
  deps: RegistrationDeps,
  req: Parameters<RegistrationDeps['authorize']>[0],
  tenantId: string,
) {
  const token = await deps.authorize(req, { permission: 'users:write', tenantId });
  return { tenant: homeTenant(deps, deps.tenants.findById(tenantId)), invitedBy: token.subject };
}

async function pendingInvitee(deps: RegistrationDeps, tenantId: string, userId: string) {
  const user = await deps.users.findById(tenantId, userId);
  if (!user || user.state !== 'pending_invite')
    throw Problems.notFound('No pending invitation for this user.');
  return user;
}

const acceptBody = z.object({ token: z.string().min(1).max(200), password: z.string().min(1).max(1024) });

export const invitationRoutes = (deps: RegistrationDeps): AnyRoute[] => [
  defineRoute({
    method: 'post',
    path: '/admin/tenants/:tenantId/invitations',
    operationId: 'inviteUser',
    summary: 'Invite a person: a pending_invite user and an email with a link to set a password',
    tags: ['invitations'],
    security: ['bearer'],
    params: adminTenantParams,
    body: inviteBody,
    responses: {
      201: { description: 'Invited', schema: invitationView },
      400: { description: 'Invalid input (errors[].field)' },
      401: { description: 'No valid token' },
      404: { description: 'No such tenant (or not yours)' },
      409: { description: 'The tenant already has a user with this email' },
    },
    handler: async ({ params, body, req }) => {
      const { tenant, invitedBy } = await adminTenant(deps, req, params.tenantId);
      const { email, inviterName, ...profile } = body;
      let user: User;
      try {
        user = await deps.users.create(
          tenant.tenantId,
          { email, profile, state: 'pending_invite', emailVerified: false, via: 'admin' },
          deps.clock(),
        );
      } catch (e) {
        if (e instanceof DuplicateEmailError)
          throw Problems.conflict('The tenant already has a user with this email.');
        throw e;
      }
      return { status: 201, body: view(await sendInvitation(deps, tenant, user, invitedBy, inviterName)) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/admin/tenants/:tenantId/invitations',
    operationId: 'listInvitations',
    summary: 'Pending invitations of the tenant',
    tags: ['invitations'],
    security: ['bearer'],
    params: adminTenantParams,
    responses: {
      200: { description: 'Pending invitations', schema: z.object({ items: z.array(invitationView) }) },
      401: { description: 'No valid token' },
      404: { description: 'No such tenant (or not yours)' },
    },
    handler: async ({ params, req }) => {
      await deps.authorize(req, { permission: 'users:read', tenantId: params.tenantId });
      const tenant = homeTenant(deps, deps.tenants.findById(params.tenantId));
      return {
        status: 200,
        body: { items: (await deps.invitations.listPending(tenant.tenantId)).map(view) },
      };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/admin/tenants/:tenantId/invitations/:userId/resend',
    operationId: 'reinviteUser',
    summary: 'Send a new invitation link; the previous one stops working',
    tags: ['invitations'],
    security: ['bearer'],
    params: adminTenantParams.extend({ userId: z.string().min(1).max(64) }),
    responses: {
      201: { description: 'Re-invited', schema: invitationView },
      401: { description: 'No valid token' },
      404: { description: 'No such tenant, or no pending invitation for the user' },
    },
    handler: async ({ params, req }) => {
      const { tenant, invitedBy } = await adminTenant(deps, req, params.tenantId);
      const user = await pendingInvitee(deps, tenant.tenantId, params.userId);
      return { status: 201, body: view(await sendInvitation(deps, tenant, user, invitedBy, undefined)) };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/admin/tenants/:tenantId/invitations/:userId',
    operationId: 'revokeInvitation',
    summary: 'Revoke an invitation: the link stops working and the pending user is deleted',
    tags: ['invitations'],
    security: ['bearer'],
    params: adminTenantParams.extend({ userId: z.string().min(1).max(64) }),
    responses: {
      204: { description: 'Revoked' },
      401: { description: 'No valid token' },
      404: { description: 'No such tenant, or no pending invitation for the user' },
    },
    handler: async ({ params, req }) => {
      const { tenant } = await adminTenant(deps, req, params.tenantId);
      await pendingInvitee(deps, tenant.tenantId, params.userId);
      const now = deps.clock();
      await deps.invitations.close(tenant.tenantId, params.userId, now);
      await deps.users.transition(tenant.tenantId, params.userId, 'delete', now);
      deps.eventsWritten();
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/t/:tenant/api/invitations/accept',
    operationId: 'acceptInvitation',
    summary: "Accept an invitation: set a password (tenant policy) with the link's token; the user is active",
    tags: ['invitations'],
    params: tenantParams,
    body: acceptBody,
    responses: {
      200: { description: 'Accepted: the user is active', schema: z.object({ status: z.literal('active') }) },
      400: {
        description: 'Password breaks the policy (errors[].field), or the link is wrong, expired or used',
      },
      404: { description: 'No such tenant in this region' },
    },
    handler: async ({ params, body }) => {
      const tenant = homeTenant(deps, deps.tenants.findBySlug(params.tenant));
      await acceptInvitation(deps, tenant, body.token, body.password);
      return { status: 200, body: { status: 'active' } };
    },
  }),
];
