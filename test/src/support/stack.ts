import { main as startAuthentication } from '@idaas/authentication-service';
import { main as startTenant } from '@idaas/tenant-service';
import { env } from './names';
import { eventually } from './wait';

export const OPERATOR_TOKEN = 'suite-operator-token-0123456789abcdef';

/** The management plane plus one authentication service per region, in this process. */
export async function startStack(regions: string[], database: string) {
  const tenant = await startTenant({
    env: env({ MONGODB_DATABASE: database, REGIONS: regions.join(','), OPERATOR_TOKEN }),
  });
  const authentication: Record<string, Awaited<ReturnType<typeof startAuthentication>>> = {};
  for (const region of regions) {
    authentication[region] = await startAuthentication({
      env: env({ REGION: region, REGIONS: regions.join(',') }),
    });
  }
  const admin = async <T = Record<string, unknown>>(path: string, method = 'GET', body?: unknown) => {
    const res = await fetch(`${tenant.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as T };
  };
  return {
    tenant,
    authentication,
    admin,
    /** Creates a tenant and waits until every region's replica has it. */
    async createTenant(slug: string, homeRegion: string): Promise<string> {
      const created = await admin<{ tenantId: string }>('/admin/tenants', 'POST', {
        slug,
        displayName: slug,
        homeRegion,
      });
      if (created.status !== 201) throw new Error(`tenant creation answered ${created.status}`);
      for (const service of Object.values(authentication)) {
        await eventually(async () => (await fetch(`${service.url}/t/${slug}`)).ok, {
          what: `tenant ${slug} in a region`,
        });
      }
      return created.body.tenantId;
    },
    async close() {
      await tenant.close();
      await Promise.all(Object.values(authentication).map((a) => a.close()));
    },
  };
}
