import { Problems, type FieldError } from '@idaas/http';
import type { TenantServiceDeps } from '../deps';
import type { ApiResource, Role } from '../domain/access';
import { AccessClaimTakenError, StaleAccessError } from '../store/access-repository';
import { liveTenant } from './live-tenant';

export const accessDenied = {
  401: { description: 'No valid token' },
  403: { description: 'Missing permission' },
  404: { description: 'No such tenant, API or role' },
};

/** Pipeline step: domain refusals become one 400 naming every field. */
export function refuseProblems(problems: FieldError[]): void {
  if (problems.length > 0) throw Problems.validation(problems);
}

/** Pipeline step: a name or audience already taken, or a role still using a permission, is a 409. */
export function refuseClash(clash: string | undefined): void {
  if (clash) throw Problems.conflict(clash);
}

export async function existingApi(
  deps: TenantServiceDeps,
  tenantId: string,
  resourceId: string,
): Promise<ApiResource> {
  await liveTenant(deps, tenantId);
  const api = await deps.access.api(tenantId, resourceId);
  if (!api) throw Problems.notFound('No such API resource.');
  return api;
}

export async function existingRole(deps: TenantServiceDeps, tenantId: string, roleId: string): Promise<Role> {
  await liveTenant(deps, tenantId);
  const role = await deps.access.role(tenantId, roleId);
  if (!role) throw Problems.notFound('No such role.');
  return role;
}

/** Saves, turning a lost race into the 409 the admin would have got a moment later, then wakes the relay. */
export async function saveAccess(deps: TenantServiceDeps, save: () => Promise<void>): Promise<void> {
  try {
    await save();
  } catch (e) {
    if (e instanceof StaleAccessError) throw Problems.conflict('Changed concurrently; read it again.');
    if (e instanceof AccessClaimTakenError) throw Problems.conflict('The name or audience was just taken.');
    throw e;
  }
  deps.eventsWritten();
}
