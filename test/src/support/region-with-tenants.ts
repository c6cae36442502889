import { MongoClient } from 'mongodb';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { startStack } from './stack';
import { recordUserTopic } from './user-topic';

/** A tenant a suite names up front; its id is filled in once the management plane made it. */
export interface TenantRef {
  slug: string;
  id: string;
}

/**
 * The real stack with one region and the given tenants in it, the region's user directory, and
 * its user topic recorded from the start: where every suite of the hosted second-factor pages
 * begins. `close` stops what was started, in reverse. `authenticationEnv`: more settings of the
 * region's authentication service, e.g. SIGNUP_BASE_URL.
 */
export async function regionWithTenants(
  region: string,
  tenants: TenantRef[],
  authenticationEnv: Record<string, string> = {},
) {
  const database = `mgmt_${region}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  await mongo.connect();
  const stack = await startStack([region], database, undefined, authenticationEnv);
  for (const tenant of tenants) tenant.id = await stack.createTenant(tenant.slug, region);
  const users = new MongoUserDirectory(mongo.db(identityDatabaseName(region)), {
    region,
    source: `/idaas/${region}/test`,
  });
  const topic = await recordUserTopic(region, `${database}.`);
  let seq = 0;
  return {
    stack,
    mongo,
    users,
    topic,
    /** A new active user of the tenant with a verified, suite-unique address and this password. */
    async activeUser(tenantId: string, password: string): Promise<{ email: string; userId: string }> {
      const email = `user${++seq}@acme.example`;
      const { userId } = await users.create(tenantId, {
        email,
        password,
        state: 'active',
        emailVerified: true,
      });
      return { email, userId };
    },
    async close() {
      await topic.close();
      await stack.close();
      await mongo.close();
    },
  };
}

export type RegionWithTenants = Awaited<ReturnType<typeof regionWithTenants>>;
