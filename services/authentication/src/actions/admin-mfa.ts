import type { Request } from 'express';
import { z } from 'zod';
import { defineRoute, Problems, type AnyRoute } from '@idaas/http';
import { ACR_MFA, MFA_METHODS, type Permission, type UserMfa } from '@idaas/identity';
import type { MongoMfaEnrolments } from '@idaas/user-store';
import type { AuthenticationDeps } from '../deps';
import { mfaDecisionFor } from '../hosted/second-factor';
import { mfaPolicyView, RISK_NOTE, riskFromQuery, riskQueryShape, riskView } from './explain-risk';

export type AdminMfaDeps = AuthenticationDeps & { mfa: MongoMfaEnrolments };

export const base = { tags: ['mfa'] };
export const denied = {
  400: { description: 'Bad input; `errors[].field` names it' },
  401: { description: 'No valid token' },
  403: { description: 'Missing permission' },
  404: { description: 'No such tenant in this region, user or application' },
};
const id = z.string().min(1).max(100);
export const userParams = z.object({ tenantId: id, userId: id });
const method = z.enum(MFA_METHODS as [(typeof MFA_METHODS)[number], ...(typeof MFA_METHODS)[number][]]);
const settingsBody = z
  .object({
    allowedMethods: z.array(method).max(MFA_METHODS.length).optional(),
    preferredMethod: method.optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.preferredMethod && b.allowedMethods && !b.allowedMethods.includes(b.preferredMethod))
      ctx.addIssue({ code: 'custom', path: ['preferredMethod'], message: 'must be one of allowedMethods' });
  });
const enrolmentView = z.object({
  method: z.enum(['totp', 'webauthn', 'recovery_code']),
  label: z.string().optional(),
  enrolledAt: z.string(),
  remaining: z.number().optional(),
  lastUsedAt: z.string().optional(),
});
export const userMfaView = z.object({
  userId: z.string(),
  allowedMethods: z.array(method).optional(),
  preferredMethod: method.optional(),
  enrolments: z.array(enrolmentView),
});

export const toView = (userId: string, mfa: UserMfa): z.infer<typeof userMfaView> => ({
  userId,
  ...(mfa.allowedMethods ? { allowedMethods: mfa.allowedMethods } : {}),
  ...(mfa.preferredMethod ? { preferredMethod: mfa.preferredMethod } : {}),
  enrolments: mfa.enrolments.map((e) => ({
    method: e.method,
    ...(e.label !== undefined ? { label: e.label } : {}),
    enrolledAt: e.enrolledAt.toISOString(),
    ...(e.remaining !== undefined ? { remaining: e.remaining } : {}),
    ...(e.lastUsedAt ? { lastUsedAt: e.lastUsedAt.toISOString() } : {}),
  })),
});

/**
 * Pipeline step: the caller holds `permission` for the tenant, the tenant lives in this region
 * and the user is one of its users. Another tenant's admin gets the same 404 as for nothing.
 */
export async function regionUser(
  deps: AdminMfaDeps,
  req: Request,
  tenantId: string,
  userId: string,
  permission: Permission,
): Promise<void> {
  await deps.authorize(req, { permission, tenantId });
  const tenant = deps.tenants.findById(tenantId);
  if (!tenant || tenant.status !== 'active' || tenant.homeRegion !== deps.region)
    throw Problems.notFound('No such tenant in this region.');
  if (!(await deps.users.findById(tenantId, userId))) throw Problems.notFound('No such user.');
}

/** The region's admin endpoints of second factors: a user's methods, and why MFA applies. */
export const adminMfaRoutes = (deps: AdminMfaDeps): AnyRoute[] => [
  defineRoute({
    ...base,
    method: 'get',
    path: '/admin/tenants/:tenantId/users/:userId/mfa',
    operationId: 'getUserMfa',
    summary: "A user's allowed and preferred methods and enrolments (never a secret)",
    security: ['users:read'],
    params: userParams,
    responses: { 200: { description: "The user's MFA", schema: userMfaView }, ...denied },
    handler: async ({ params, req }) => {
      await regionUser(deps, req, params.tenantId, params.userId, 'users:read');
      return {
        status: 200,
        body: toView(params.userId, await deps.mfa.mfaOf(params.tenantId, params.userId)),
      };
    },
  }),
  defineRoute({
    ...base,
    method: 'put',
    path: '/admin/tenants/:tenantId/users/:userId/mfa',
    operationId: 'setUserMfaMethods',
    summary:
      'Restrict the methods a user may use (left out: any the policy allows) and set the preferred one',
    security: ['users:write'],
    params: userParams,
    body: settingsBody,
    responses: { 200: { description: "The user's MFA", schema: userMfaView }, ...denied },
    handler: async ({ params, body, req }) => {
      await regionUser(deps, req, params.tenantId, params.userId, 'users:write');
      await deps.mfa.setSettings(params.tenantId, params.userId, body);
      return {
        status: 200,
        body: toView(params.userId, await deps.mfa.mfaOf(params.tenantId, params.userId)),
      };
    },
  }),
  defineRoute({
    ...base,
    method: 'get',
    path: '/admin/tenants/:tenantId/applications/:applicationId/mfa-decision',
    operationId: 'explainMfaDecision',
    summary:
      "Why MFA is (or is not) asked of this user on this application: effective MFA policy with the level that set each knob, the user's methods and enrolments, the decision and its reasons",
    security: ['policies:read'],
    params: z.object({ tenantId: id, applicationId: id }),
    query: z.object({ userId: id, acr_values: z.string().max(500).optional(), ...riskQueryShape }),
    responses: {
      200: {
        description: 'The decision explained',
        schema: z.object({
          mfa: mfaPolicyView,
          risk: riskView,
          sources: z.record(z.string(), z.string()),
          user: userMfaView,
          decision: z.object({
            step: z.enum(['none', 'verify', 'enrol', 'refuse']),
            usableMethods: z.array(z.string()),
            readyMethods: z.array(z.string()),
            reasons: z.array(z.string()),
            rememberedDevice: z.boolean().optional(),
            preferredMethod: z.string().optional(),
          }),
        }),
      },
      ...denied,
    },
    handler: async ({ params, query, req }) => {
      await regionUser(deps, req, params.tenantId, query.userId, 'policies:read');
      if (!deps.applications.find(params.tenantId, params.applicationId))
        throw Problems.notFound('No such application.');
      const { policy, sources } = deps.policies.effectiveFor(params.tenantId, params.applicationId);
      const acrRequested = (query.acr_values ?? '').split(' ').includes(ACR_MFA);
      const decision = await mfaDecisionFor(
        deps,
        params.tenantId,
        params.applicationId,
        query.userId,
        acrRequested,
        riskFromQuery(query),
      );
      return {
        status: 200,
        body: {
          // Absent adaptive knobs are off; the explanation names them either way.
          mfa: {
            stepUpOnNewDevice: false,
            stepUpOnNewCountry: false,
            stepUpAfterFailures: 0,
            ...policy.mfa,
          },
          sources: Object.fromEntries(Object.entries(sources).filter(([knob]) => knob.startsWith('mfa.'))),
          user: toView(query.userId, await deps.mfa.mfaOf(params.tenantId, query.userId)),
          risk: { ...riskFromQuery(query), note: RISK_NOTE },
          decision,
        },
      };
    },
  }),
];
