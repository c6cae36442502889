import { z } from 'zod';
import { defineRoute, ScimErrors, type AnyRoute } from '@idaas/http';
import type { LifecycleDeps } from '../deps';
import {
  canonicalGroupNames,
  GROUP_ATTRIBUTES,
  scimGroupInput,
  toScimGroup,
  type Group,
  type ScimGroupInput,
} from '../scim/group-resource';
import { listParameters, listResponse, planList, project } from '../scim/list-query';
import { applyPatch } from '../scim/patch';
import { etagOf, GROUP_SCHEMA } from '../scim/schemas';
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

const groupBody = z.preprocess(canonicalGroupNames, scimGroupInput);
const scimGroup = { description: 'The group (RFC 7643 section 4.2)', contentType: SCIM_JSON };
const conflicts = {
  409: { description: 'displayName taken (uniqueness)', contentType: SCIM_JSON },
  412: { description: 'If-Match names another version', contentType: SCIM_JSON },
};

const base = (deps: LifecycleDeps, tenantId: string) => `${deps.baseUrl()}/scim/v2/tenants/${tenantId}`;

function render(deps: LifecycleDeps, group: Group) {
  const root = base(deps, group.tenantId);
  return toScimGroup(group, `${root}/Groups/${group.groupId}`, (userId) => `${root}/Users/${userId}`);
}

async function existingGroup(deps: LifecycleDeps, tenantId: string, groupId: string): Promise<Group> {
  const group = await deps.groups.find(tenantId, groupId);
  if (!group) throw ScimErrors.notFound('No such group.');
  return group;
}

/** Pipeline step: every member is a live user of this tenant (so a group never names another tenant's user). */
async function knownMembers(deps: LifecycleDeps, tenantId: string, input: ScimGroupInput): Promise<string[]> {
  const ids = [...new Set(input.members.map((m) => m.value))];
  if (ids.length === 0) return ids;
  const { users } = await deps.users.search(tenantId, {
    filter: { _id: { $in: ids }, state: { $ne: 'deleted' } },
    sort: { _id: 1 },
    skip: 0,
    limit: ids.length,
  });
  const found = new Set(users.map((u) => u.userId));
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length > 0)
    throw ScimErrors.invalidValue(`members: no user ${unknown.slice(0, 5).join(', ')} in this tenant.`);
  return ids;
}

export const scimGroupRoutes = (deps: LifecycleDeps): AnyRoute[] => [
  defineRoute({
    ...scimRoute,
    method: 'post',
    path: `${SCIM_BASE}/Groups`,
    operationId: 'scimCreateGroup',
    summary: 'Create a group of users; role assignments can name it',
    security: ['users:write'],
    params: tenantParams,
    body: groupBody,
    responses: { 201: scimGroup, ...denied, ...conflicts },
    handler: ({ params, body, req }) =>
      asScim(async () => {
        await scimTenant(deps, req, params.tenantId, 'users:write');
        const memberIds = await knownMembers(deps, params.tenantId, body);
        const group = await deps.groups.create(
          params.tenantId,
          { displayName: body.displayName, memberIds },
          deps.clock(),
        );
        const json = render(deps, group);
        return scimResult(201, json, { ETag: etagOf(group.version), Location: json.meta.location });
      }),
  }),
  defineRoute({
    ...scimRoute,
    method: 'get',
    path: `${SCIM_BASE}/Groups`,
    operationId: 'scimListGroups',
    summary: 'List groups with filter (displayName, members.value...), sortBy, startIndex / count',
    security: ['users:read'],
    params: tenantParams,
    query: listParameters,
    responses: { 200: { description: 'ListResponse of groups', contentType: SCIM_JSON }, ...denied },
    handler: ({ params, query, req }) =>
      asScim(async () => {
        await scimTenant(deps, req, params.tenantId, 'users:read');
        const plan = planList(query, GROUP_ATTRIBUTES, [GROUP_SCHEMA]);
        const { total, groups } = await deps.groups.search(params.tenantId, {
          filter: plan.query,
          sort: plan.sort,
          skip: plan.skip,
          limit: plan.limit,
        });
        const resources = groups.map((g) =>
          project(render(deps, g), query.attributes, query.excludedAttributes),
        );
        return scimResult(200, listResponse(plan.limit === 0 ? [] : resources, total, plan.startIndex));
      }),
  }),
  defineRoute({
    ...scimRoute,
    method: 'get',
    path: `${SCIM_BASE}/Groups/:id`,
    operationId: 'scimGetGroup',
    summary: 'One group with its members',
    security: ['users:read'],
    params: resourceParams,
    query: listParameters.pick({ attributes: true, excludedAttributes: true }),
    responses: { 200: scimGroup, ...denied },
    handler: ({ params, query, req }) =>
      asScim(async () => {
        await scimTenant(deps, req, params.tenantId, 'users:read');
        const group = await existingGroup(deps, params.tenantId, params.id);
        return scimResult(200, project(render(deps, group), query.attributes, query.excludedAttributes), {
          ETag: etagOf(group.version),
        });
      }),
  }),
  defineRoute({
    ...scimRoute,
    method: 'put',
    path: `${SCIM_BASE}/Groups/:id`,
    operationId: 'scimReplaceGroup',
    summary: 'Replace a group: name and the whole member list',
    security: ['users:write'],
    params: resourceParams,
    body: groupBody,
    responses: { 200: scimGroup, ...denied, ...conflicts },
    handler: ({ params, body, req }) =>
      asScim(async () => {
        await scimTenant(deps, req, params.tenantId, 'users:write');
        const current = await existingGroup(deps, params.tenantId, params.id);
        assertIfMatch(req, current.version);
        const memberIds = await knownMembers(deps, params.tenantId, body);
        const group = await deps.groups.replace(
          params.tenantId,
          params.id,
          { displayName: body.displayName, memberIds },
          current.version,
          deps.clock(),
        );
        return scimResult(200, render(deps, group), { ETag: etagOf(group.version) });
      }),
  }),
  defineRoute({
    ...scimRoute,
    method: 'patch',
    path: `${SCIM_BASE}/Groups/:id`,
    operationId: 'scimPatchGroup',
    summary: 'PATCH a group: add or remove members (members[value eq "..."]), rename',
    security: ['users:write'],
    params: resourceParams,
    body: patchBody,
    responses: { 200: scimGroup, ...denied, ...conflicts },
    handler: ({ params, body, req }) =>
      asScim(async () => {
        await scimTenant(deps, req, params.tenantId, 'users:write');
        const current = await existingGroup(deps, params.tenantId, params.id);
        assertIfMatch(req, current.version);
        const patched = applyPatch(render(deps, current), body.Operations);
        const parsed = scimGroupInput.safeParse(canonicalGroupNames(patched));
        if (!parsed.success) throw invalidResource(parsed.error);
        const memberIds = await knownMembers(deps, params.tenantId, parsed.data);
        const group = await deps.groups.replace(
          params.tenantId,
          params.id,
          { displayName: parsed.data.displayName, memberIds },
          current.version,
          deps.clock(),
        );
        return scimResult(200, render(deps, group), { ETag: etagOf(group.version) });
      }),
  }),
  defineRoute({
    ...scimRoute,
    method: 'delete',
    path: `${SCIM_BASE}/Groups/:id`,
    operationId: 'scimDeleteGroup',
    summary: 'Delete a group; its role assignments no longer apply to its former members',
    security: ['users:write'],
    params: resourceParams,
    responses: { 204: { description: 'Deleted' }, ...denied, 412: conflicts[412] },
    handler: ({ params, req }) =>
      asScim(async () => {
        await scimTenant(deps, req, params.tenantId, 'users:write');
        const current = await existingGroup(deps, params.tenantId, params.id);
        assertIfMatch(req, current.version);
        await deps.groups.delete(params.tenantId, params.id, current.version, deps.clock());
        return { status: 204 };
      }),
  }),
];
