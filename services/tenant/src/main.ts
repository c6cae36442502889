import { bootService, type BootOptions, type ServiceDefinition } from '@idaas/runtime';
import { tenantRoutes } from './actions';
import { tenantServiceSettings } from './settings';
import { APPLICATIONS, ApplicationRepository, applicationIndexes } from './store/application-repository';
import { TENANTS, TenantRepository, tenantIndexes } from './store/tenant-repository';

export const tenantService: ServiceDefinition<typeof tenantServiceSettings> = {
  name: 'tenant',
  title: 'IDaaS management plane',
  settings: tenantServiceSettings,
  database: (c) => c.database,
  topicRegions: (c) => c.regions,
  outboxCollections: [TENANTS, APPLICATIONS],
  indexes: [...tenantIndexes, ...applicationIndexes],
  build: async ({ config, db, events, clock }) => ({
    routes: tenantRoutes({
      tenants: new TenantRepository(db),
      applications: new ApplicationRepository(db),
      regions: config.regions,
      operatorToken: config.operatorToken,
      clock,
      eventsWritten: () => events.relay.kick(),
    }),
  }),
};

export const main = (options?: BootOptions) => bootService(tenantService, options);

if (require.main === module) {
  main({ handleSignals: true }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
