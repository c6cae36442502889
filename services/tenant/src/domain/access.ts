import type { ApiResourceChangedV1, EventData, RoleChangedV1 } from '@idaas/events';
import { inPlatformNamespace } from '@idaas/identity';
import type { FieldProblem } from './application';

/** One of a tenant's own APIs: its permissions are `<name>:<action>`. */
export type ApiResource = EventData<typeof ApiResourceChangedV1>;
/** A named set of permissions of the tenant's APIs, and who holds it. */
export type Role = EventData<typeof RoleChangedV1>;
export type RoleAssignees = Role['assignees'];

export type ApiResourceSettings = Pick<ApiResource, 'name' | 'audience' | 'displayName' | 'actions'>;
export type RoleSettings = Pick<Role, 'name' | 'description' | 'permissions'>;

export const permissionsOf = (api: Pick<ApiResource, 'name' | 'actions'>): string[] =>
  api.actions.map((a) => `${api.name}:${a.name}`);

/**
 * An audience is the `resource` clients ask for, so it follows RFC 8707 section 2: an absolute
 * URI without a fragment. https://www.rfc-editor.org/rfc/rfc8707#section-2
 */
export function audienceProblem(audience: string): string | undefined {
  if (inPlatformNamespace(audience)) return 'the urn:idaas: namespace is reserved for the platform';
  let url: URL;
  try {
    url = new URL(audience);
  } catch {
    return 'must be an absolute URI (https://... or urn:...)';
  }
  if (audience.includes('#') || url.hash) return 'must not contain a fragment';
  return undefined;
}

/** The rules of one API resource that need more than its own field's schema. */
export function apiResourceProblems(api: ApiResourceSettings): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const audience = audienceProblem(api.audience);
  if (audience) problems.push({ field: 'body.audience', message: audience });
  const seen = new Set<string>();
  api.actions.forEach((action, i) => {
    if (seen.has(action.name))
      problems.push({ field: `body.actions.${i}.name`, message: `${action.name} is listed twice` });
    seen.add(action.name);
  });
  return problems;
}

/** Why a name or audience cannot be used in this tenant (a 409), or undefined. */
export function apiResourceClash(
  api: ApiResourceSettings,
  others: readonly ApiResource[],
  selfId?: string,
): string | undefined {
  const rivals = others.filter((o) => o.resourceId !== selfId && o.status === 'active');
  if (rivals.some((o) => o.name === api.name)) return `An API named ${api.name} already exists.`;
  if (rivals.some((o) => o.audience === api.audience))
    return `An API with the audience ${api.audience} already exists.`;
  return undefined;
}

export function roleNameClash(name: string, others: readonly Role[], selfId?: string): string | undefined {
  return others.some((o) => o.roleId !== selfId && o.status === 'active' && o.name === name)
    ? `A role named ${name} already exists.`
    : undefined;
}

/** Names of the active roles that use any of these permissions, sorted. */
export function rolesUsing(permissions: readonly string[], roles: readonly Role[]): string[] {
  const wanted = new Set(permissions);
  return roles
    .filter((r) => r.status === 'active' && r.permissions.some((p) => wanted.has(p)))
    .map((r) => r.name)
    .sort();
}

/**
 * Roles that would lose a permission if the API were replaced by `next`: removing an action,
 * or renaming the API, while a role still uses it. The caller answers 409 naming them.
 */
export function rolesLosingPermissions(
  current: ApiResource,
  next: Pick<ApiResource, 'name' | 'actions'>,
  roles: readonly Role[],
): string[] {
  const kept = new Set(permissionsOf(next));
  return rolesUsing(
    permissionsOf(current).filter((p) => !kept.has(p)),
    roles,
  );
}

/** Each permission of a role must be an action of one of the tenant's APIs. */
export function unknownPermissions(
  permissions: readonly string[],
  apis: readonly ApiResource[],
): FieldProblem[] {
  const known = new Set(apis.filter((a) => a.status === 'active').flatMap(permissionsOf));
  return permissions.flatMap((p, i) =>
    known.has(p)
      ? []
      : [{ field: `body.permissions.${i}`, message: `${p} is not an action of any API of this tenant` }],
  );
}
