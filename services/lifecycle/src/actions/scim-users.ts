import { z } from 'zod';
import { defineRoute, ScimErrors, type AnyRoute } from '@idaas/http';
import type { User } from '@idaas/identity';
import type { LifecycleDeps } from '../deps';
import { asksForExtension, planList, listParameters, listResponse, project } from '../scim/list-query';
import { MFA_EXTENSION_SCHEMA, withMfaExtension } from '../scim/mfa-extension';
import { applyPatch } from '../scim/patch';
import { etagOf, USER_SCHEMA } from '../scim/schemas';
import {
  canonicalNames,
  isActive,
  scimUserInput,
  toScimUser,
  toUserChange,
  USER_ATTRIBUTES,
  type UserChange,
} from '../scim/user-resource';
import {
  asScim,
  assertIfMatch,
  denied,
  invalidResource,
  patchBody,
  resourceParams,
  SCIM_BASE,
  SCIM_JSON,
  scimResult,
  scimRoute,
  scimTenant,
  tenantParams,
} from './scim-steps';

const userBody = z.preprocess(canonicalNames, scimUserInput);
const scimUser = { description: 'The user (RFC 7643 section 4.1)', contentType: SCIM_JSON };

const locationOf = (deps: LifecycleDeps, tenantId: string, userId: string) =>
  `${deps.baseUrl()}/scim/v2/tenants/${tenantId}/Users/${userId}`;

/** The user as SCIM shows it, with the MFA extension (one read of the user's enrolments). */
async function scimUserOf(deps: LifecycleDeps, user: User) {
  const mfa = await deps.mfa.mfaOf(user.tenantId, user.userId);
  return withMfaExtension(toScimUser(user, locationOf(deps, user.tenantId, user.userId)), mfa);
}

async function userResult(
  deps: LifecycleDeps,
  status: number,
  user: User,
  extra: Record<string, string> = {},
) {
  return scimResult(status, await scimUserOf(deps, user), { ETag: etagOf(user.version), ...extra });
}

/** A live user of the tenant; tombstones are gone as far as SCIM is concerned. */
async function existingUser(deps: LifecycleDeps, tenantId: string, userId: string): Promise<User> {
  const user = await deps.users.findById(tenantId, userId);
  if (!user || user.state === 'deleted') throw ScimErrors.notFound('No such user.');
  return user;
}

/**
 * Writes a replaced or patched user: email and profile over the version read (so a concurrent
 * change is a 412, not a lost update), then the password, then `active` through the state table.
 */
async function saveUser(deps: LifecycleDeps, current: User, change: UserChange): Promise<User> {
  const now = deps.clock();
  const { tenantId, userId } = current;
  let user = await deps.users.updateProfile(
    tenantId,
    userId,
    { email: change.email, profile: change.profile },
    { expectedVersion: current.version, now },
  );
  if (change.password !== undefined)
    user = await deps.users.setPassword(tenantId, userId, change.password, now);
  if (change.active !== undefined && change.active !== isActive(user.state)) {
    const transition = !change.active ? 'disable' : user.state === 'suspended' ? 'reactivate' : 'enable';
    user = await deps.users.transition(tenantId, userId, transition, now);
  }
  return user;
}

export const scimUserRoutes = (deps: LifecycleDeps): AnyRoute[] => [
  defineRoute({
    ...scimRoute,
    method: 'post',
    path: `${SCIM_BASE}/Users`,
    operationId: 'scimCreateUser',
    summary: 'Provision a user: with a password active, without one pending an invitation',
    security: ['users:write'],
    params: tenantParams,
    body: userBody,
    responses: {
      201: scimUser,
      ...denied,
      409: { description: 'userName taken (uniqueness)', contentType: SCIM_JSON },
    },
    handler: ({ params, body, req }) =>
      asScim(async () => {
        await scimTenant(deps, req, params.tenantId, 'users:write');
        const change = toUserChange(body);
        const now = deps.clock();
        // Without a password the user is invited; the invitation email comes with the registration service.
        let user = await deps.users.create(
          params.tenantId,
          {
            email: change.email,
            profile: change.profile,
            ...(change.password === undefined ? {} : { password: change.password }),
            state: change.password === undefined ? 'pending_invite' : 'active',
            emailVerified: false,
            via: 'scim',
          },
          now,
        );
        if (change.active === false && isActive(user.state))
          user = await deps.users.transition(params.tenantId, user.userId, 'disable', now);
        return userResult(deps, 201, user, { Location: locationOf(deps, params.tenantId, user.userId) });
      }),
  }),
  defineRoute({
    ...scimRoute,
    method: 'get',
    path: `${SCIM_BASE}/Users`,
    operationId: 'scimListUsers',
    summary: 'List users with filter, sortBy / sortOrder, startIndex / count, attributes',
    security: ['users:read'],
    params: tenantParams,
    query: listParameters,
    responses: { 200: { description: 'ListResponse of users', contentType: SCIM_JSON }, ...denied },
    handler: ({ params, query, req }) =>
      asScim(async () => {
        await scimTenant(deps, req, params.tenantId, 'users:read');
        const plan = planList(query, USER_ATTRIBUTES, [USER_SCHEMA]);
        const { total, users } = await deps.users.search(params.tenantId, {
          filter: { $and: [plan.query, { state: { $ne: 'deleted' } }] },
          sort: plan.sort,
          skip: plan.skip,
          limit: plan.limit,
        });
        // The MFA extension costs one read per listed user (up to 1000 a page, in tenants of 100k
        // users), so a list carries it only when `attributes` asks for it (RFC 7644 section 3.9).
        const withMfa = asksForExtension(query.attributes, MFA_EXTENSION_SCHEMA);
        const resources = await Promise.all(
          users.map(async (u) =>
            project(
              withMfa
                ? await scimUserOf(deps, u)
                : toScimUser(u, locationOf(deps, params.tenantId, u.userId)),
              query.attributes,
              query.excludedAttributes,
            ),
          ),
        );
        return scimResult(200, listResponse(plan.limit === 0 ? [] : resources, total, plan.startIndex));
      }),
  }),
  defineRoute({
    ...scimRoute,
    method: 'get',
    path: `${SCIM_BASE}/Users/:id`,
    operationId: 'scimGetUser',
    summary: 'One user',
    security: ['users:read'],
    params: resourceParams,
    query: listParameters.pick({ attributes: true, excludedAttributes: true }),
    responses: { 200: scimUser, ...denied },
    handler: ({ params, query, req }) =>
      asScim(async () => {
        await scimTenant(deps, req, params.tenantId, 'users:read');
        const user = await existingUser(deps, params.tenantId, params.id);
        const body = project(await scimUserOf(deps, user), query.attributes, query.excludedAttributes);
        return scimResult(200, body, { ETag: etagOf(user.version) });
      }),
  }),
  defineRoute({
    ...scimRoute,
    method: 'put',
    path: `${SCIM_BASE}/Users/:id`,
    operationId: 'scimReplaceUser',
    summary: 'Replace a user; attributes left out are cleared (active left out stays as it is)',
    security: ['users:write'],
    params: resourceParams,
    body: userBody,
    responses: {
      200: scimUser,
      ...denied,
      409: { description: 'userName taken, or an illegal state change', contentType: SCIM_JSON },
      412: { description: 'If-Match names another version', contentType: SCIM_JSON },
    },
    handler: ({ params, body, req }) =>
      asScim(async () => {
        await scimTenant(deps, req, params.tenantId, 'users:write');
        const current = await existingUser(deps, params.tenantId, params.id);
        assertIfMatch(req, current.version);
        // Read-only attributes in the body, such as the MFA extension, are ignored (RFC 7644 section 3.5.1).
        const user = await saveUser(deps, current, toUserChange(body, current.email));
        return userResult(deps, 200, user);
      }),
  }),
  defineRoute({
    ...scimRoute,
    method: 'patch',
    path: `${SCIM_BASE}/Users/:id`,
    operationId: 'scimPatchUser',
    summary: 'PATCH a user: add, replace, remove with paths such as emails[type eq "work"].value',
    security: ['users:write'],
    params: resourceParams,
    body: patchBody,
    responses: {
      200: scimUser,
      ...denied,
      409: { description: 'userName taken, or an illegal state change', contentType: SCIM_JSON },
      412: { description: 'If-Match names another version', contentType: SCIM_JSON },
    },
    handler: ({ params, body, req }) =>
      asScim(async () => {
        await scimTenant(deps, req, params.tenantId, 'users:write');
        const current = await existingUser(deps, params.tenantId, params.id);
        assertIfMatch(req, current.version);
        // The MFA extension is read-only: set by sign-ins, and by admins on the authentication service.
        const patched = applyPatch(toScimUser(current, ''), body.Operations, [MFA_EXTENSION_SCHEMA]);
        const parsed = scimUserInput.safeParse(canonicalNames(patched));
        if (!parsed.success) throw invalidResource(parsed.error);
        const user = await saveUser(deps, current, toUserChange(parsed.data, current.email));
        return userResult(deps, 200, user);
      }),
  }),
  defineRoute({
    ...scimRoute,
    method: 'delete',
    path: `${SCIM_BASE}/Users/:id`,
    operationId: 'scimDeleteUser',
    summary: 'Delete a user: personal data erased, a tombstone kept, and the user leaves every group',
    security: ['users:write'],
    params: resourceParams,
    responses: {
      204: { description: 'Deleted' },
      ...denied,
      412: { description: 'If-Match names another version', contentType: SCIM_JSON },
    },
    handler: ({ params, req }) =>
      asScim(async () => {
        await scimTenant(deps, req, params.tenantId, 'users:write');
        const current = await existingUser(deps, params.tenantId, params.id);
        assertIfMatch(req, current.version);
        const now = deps.clock();
        await deps.users.transition(params.tenantId, current.userId, 'delete', now);
        await deps.groups.removeMemberEverywhere(params.tenantId, current.userId, now);
        return { status: 204 };
      }),
  }),
];
