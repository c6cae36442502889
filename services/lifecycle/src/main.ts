import { Topics } from '@idaas/events';
import { authorizeAdmin } from '@idaas/http';
import { PublishedKeys } from '@idaas/replica';
import { bootService, regionalService, type BootOptions } from '@idaas/runtime';
import { ensureIndexes } from '@idaas/store';
import { identityDatabaseName, MongoUserDirectory, userStoreIndexes } from '@idaas/user-store';
import { scimDiscoveryRoutes } from './actions/scim-discovery';
import { scimGroupRoutes } from './actions/scim-groups';
import { scimUserRoutes } from './actions/scim-users';
import type { LifecycleDeps } from './deps';
import { GroupStore, groupStoreIndexes, SCIM_GROUPS } from './store/group-store';

/** The lifecycle service of one region (REGION): user lifecycle, lockout, recovery, SCIM 2.0, /me. */
export const lifecycleService = regionalService({
  name: 'lifecycle',
  title: 'IDaaS lifecycle (user lifecycle, lockout, recovery, SCIM 2.0, /me)',
  outboxCollections: [SCIM_GROUPS],
  indexes: [...groupStoreIndexes],
  build: async ({ config, db, events, clock, selfUrl, tenants }) => {
    const source = `/idaas/${config.region}/lifecycle`;
    // Users live in the region's identity database, beside this service's own.
    const identityDb = db.client.db(identityDatabaseName(config.region));
    await ensureIndexes(identityDb, userStoreIndexes);
    // Admin tokens are checked against the keys every region published, as on the management plane.
    const publishedKeys = new PublishedKeys(db);
    await publishedKeys.load();
    const deps: LifecycleDeps = {
      region: config.region,
      clock,
      tenants,
      users: new MongoUserDirectory(identityDb, { region: config.region, source }),
      groups: new GroupStore(db, { region: config.region, source }),
      authorize: (req, need) =>
        authorizeAdmin(
          // The system tenant is the one the management plane bootstraps with the slug `system`.
          { keys: publishedKeys, clock, systemTenantId: () => tenants.findBySlug('system')?.tenantId },
          req,
          need,
        ),
      baseUrl: () => selfUrl(),
    };
    let stopKeys: (() => Promise<void>) | undefined;
    return {
      routes: [...scimUserRoutes(deps), ...scimGroupRoutes(deps), ...scimDiscoveryRoutes(deps)],
      start: async () => {
        const sub = await events.bus.subscribe({
          groupId: `${config.region}.lifecycle.published-keys`,
          topics: [Topics.keys],
          handlers: publishedKeys.handlers(),
        });
        stopKeys = () => sub.stop();
      },
      stop: async () => {
        await stopKeys?.();
      },
    };
  },
});

export const main = (options?: BootOptions) => bootService(lifecycleService, options);

if (require.main === module) {
  main({ handleSignals: true }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
