import { z } from 'zod';
import { tenantSlug } from '@idaas/events';

export const tenantIdParams = z.object({ tenantId: z.string().uuid() });

export const newTenantBody = z.object({
  slug: tenantSlug,
  displayName: z.string().trim().min(1).max(200),
  homeRegion: z.string().min(1),
});

export const tenantResponse = z.object({
  tenantId: z.string(),
  slug: z.string(),
  displayName: z.string(),
  homeRegion: z.string(),
  status: z.enum(['active', 'suspended', 'deleted']),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function toTenantResponse(t: {
  tenantId: string;
  slug: string;
  displayName: string;
  homeRegion: string;
  status: 'active' | 'suspended' | 'deleted';
  version: number;
  createdAt: Date;
  updatedAt: Date;
}): z.infer<typeof tenantResponse> {
  return { ...t, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString() };
}
