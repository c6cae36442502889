import { z } from 'zod';
import { apiActionName, apiResourceName, apiResourceSnapshot, roleSnapshot } from '@idaas/events';

export const apiResourceParams = z.object({ tenantId: z.string().uuid(), resourceId: z.string().uuid() });
export const roleParams = z.object({ tenantId: z.string().uuid(), roleId: z.string().uuid() });

export const apiResourceBody = z
  .object({
    name: apiResourceName,
    audience: z.string().min(1).max(500),
    displayName: z.string().trim().min(1).max(200),
    actions: z
      .array(z.object({ name: apiActionName, description: z.string().trim().max(500).default('') }).strict())
      .min(1)
      .max(200),
  })
  .strict();

export const apiResourceResponse = apiResourceSnapshot.omit({ status: true });

export const roleBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().trim().max(500).default(''),
    permissions: z.array(z.string().max(81)).max(500),
  })
  .strict();

export const roleResponse = roleSnapshot.omit({ status: true, assignees: true });

/**
 * Assignees live in the role document, and so in its event: a region resolves grants from the
 * roles alone, and one write changes the role and carries its snapshot (the outbox needs no
 * second document). That bounds them: the whole snapshot must fit one Kafka message (1 MB by
 * default), hence these caps. Tenants that assign roles to more users than that will want
 * per-user assignment documents once users exist (issue 5); groups are the way until then.
 */
export const MAX_ASSIGNED = { users: 5000, groups: 1000, applications: 1000 } as const;
const opaqueId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7E]+$/, 'printable ASCII without spaces');

export const assigneesBody = z
  .object({
    users: z.array(opaqueId).max(MAX_ASSIGNED.users).default([]),
    // The `id` of a SCIM group of this tenant (lifecycle service, in its home region): groups are
    // regional, so the management plane cannot check them; an id of no group of the tenant grants nothing.
    groups: z.array(opaqueId).max(MAX_ASSIGNED.groups).default([]),
    applications: z.array(z.string().uuid()).max(MAX_ASSIGNED.applications).default([]),
  })
  .strict();

export const assigneesResponse = z.object({
  users: z.array(z.string()),
  groups: z.array(z.string()),
  applications: z.array(z.string()),
  version: z.number(),
});
