import { z } from 'zod';
import { defineEvent } from '../catalog';

/** A tenant's API as a permission prefix: `invoices` in `invoices:approve`. */
export const apiResourceName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{1,39}$/, 'a lowercase slug of 2 to 40 characters: letters, digits, _ and -');
export const apiActionName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a lowercase name of 1 to 40 characters: letters, digits, _ and -');

export const apiResourceSnapshot = z.object({
  resourceId: z.string(),
  tenantId: z.string(),
  name: apiResourceName,
  /** The `aud` of tokens for this API, and the `resource` a client asks for (RFC 8707). */
  audience: z.string(),
  displayName: z.string(),
  actions: z.array(z.object({ name: apiActionName, description: z.string() })),
  status: z.enum(['active', 'deleted']),
  version: z.number().int().positive(),
});

export const roleAssignees = z.object({
  users: z.array(z.string()),
  groups: z.array(z.string()),
  applications: z.array(z.string()),
});

export const roleSnapshot = z.object({
  roleId: z.string(),
  tenantId: z.string(),
  name: z.string(),
  description: z.string(),
  /** `<api resource name>:<action>` of this tenant's APIs. */
  permissions: z.array(z.string()),
  assignees: roleAssignees,
  status: z.enum(['active', 'deleted']),
  version: z.number().int().positive(),
});

export const ApiResourceChangedV1 = defineEvent({
  type: 'idaas.apiresource.changed.v1',
  stream: 'config',
  description:
    "One of a tenant's own APIs (name, audience, actions) was created, changed or deleted (status deleted). Carries the whole snapshot with its version.",
  data: apiResourceSnapshot,
});

export const RoleChangedV1 = defineEvent({
  type: 'idaas.role.changed.v1',
  stream: 'config',
  description:
    "A tenant's role (permissions of its APIs, and the users, groups and applications holding it) was created, changed or deleted (status deleted). Carries the whole snapshot with its version.",
  data: roleSnapshot,
});
