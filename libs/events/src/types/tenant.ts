import { z } from 'zod';
import { defineEvent } from '../catalog';

export const tenantSlug = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    'lowercase letters, digits and inner dashes, 1-63 characters',
  );

const tenantSnapshot = z.object({
  tenantId: z.string(),
  slug: tenantSlug,
  displayName: z.string(),
  homeRegion: z.string(),
  status: z.enum(['active', 'suspended', 'deleted']),
  version: z.number().int().positive(),
});

export const TenantCreatedV1 = defineEvent({
  type: 'idaas.tenant.created.v1',
  stream: 'config',
  description:
    'A tenant was created on the management plane. Carries the whole tenant, so a region can build its read model from this event alone.',
  data: tenantSnapshot,
});

export const TenantUpdatedV1 = defineEvent({
  type: 'idaas.tenant.updated.v1',
  stream: 'config',
  description:
    'A tenant changed (name, status). Carries the whole tenant with its new version; regions keep the highest version.',
  data: tenantSnapshot,
});
