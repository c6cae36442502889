import { PLATFORM_ROLES } from '@idaas/identity';
import { registerApplication } from '../domain/application';
import { createTenant, type Tenant } from '../domain/tenant';
import type { ApplicationRepository } from './application-repository';
import { DuplicateSlugError, type TenantRepository } from './tenant-repository';

export const SYSTEM_TENANT_SLUG = 'system';
/** Fixed so operators and tools can name it before the first start. */
export const OPERATOR_CLIENT_ID = '00000000-0000-4000-8000-000000000001';

export interface BootstrapResult {
  systemTenant: Tenant;
  /** Set only on the start that created the operator client with a generated secret. */
  generatedOperatorSecret?: string;
}

/**
 * First start: the system tenant (home of platform operators) and one operator API client
 * holding the platform operator role. Idempotent across restarts and concurrent starts.
 */
export async function bootstrapPlatform(
  tenants: TenantRepository,
  applications: ApplicationRepository,
  regions: readonly string[],
  operatorSecret: string | undefined,
  now: Date,
): Promise<BootstrapResult> {
  let systemTenant = await tenants.findBySlug(SYSTEM_TENANT_SLUG);
  if (!systemTenant) {
    const made = createTenant(
      { slug: SYSTEM_TENANT_SLUG, displayName: 'Platform', homeRegion: regions[0] ?? '' },
      regions,
      now,
    );
    try {
      await tenants.insert(made.tenant, made.events);
      systemTenant = made.tenant;
    } catch (e) {
      if (!(e instanceof DuplicateSlugError)) throw e;
      systemTenant = await tenants.findBySlug(SYSTEM_TENANT_SLUG);
      if (!systemTenant) throw e;
    }
  }
  if (await applications.find(systemTenant.tenantId, OPERATOR_CLIENT_ID)) return { systemTenant };
  const operator = registerApplication(
    systemTenant.tenantId,
    { name: 'Platform operator', kind: 'm2m', scopes: [...PLATFORM_ROLES.platform_operator] },
    now,
    { applicationId: OPERATOR_CLIENT_ID, ...(operatorSecret ? { clientSecret: operatorSecret } : {}) },
  );
  try {
    await applications.insert(operator.application, operator.events);
  } catch {
    // A concurrent start created it: theirs stands.
    return { systemTenant };
  }
  return { systemTenant, ...(operatorSecret ? {} : { generatedOperatorSecret: operator.clientSecret }) };
}
