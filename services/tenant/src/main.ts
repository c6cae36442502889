import { parseKeyEncryptionKey } from '@idaas/crypto';
import { catalog, Topics } from '@idaas/events';
import { bootService, type BootOptions, type ServiceDefinition } from '@idaas/runtime';
import { tenantRoutes } from './actions';
import { authorizeAdmin } from './actions/admin-guard';
import { tenantServiceSettings } from './settings';
import { APPLICATIONS, ApplicationRepository, applicationIndexes } from './store/application-repository';
import { bootstrapPlatform, OPERATOR_CLIENT_ID } from './store/bootstrap';
import { APPLICATION_GROUPS, POLICIES, PolicyRepository, policyIndexes } from './store/policy-repository';
import { APPLICATION_POLICIES, ApplicationPolicyRepository } from './store/application-policy-repository';
import {
  BRANDING,
  BrandingRepository,
  MESSAGE_TEMPLATES,
  brandingIndexes,
} from './store/branding-repository';
import { API_RESOURCES, AccessRepository, ROLES, accessIndexes } from './store/access-repository';
import { PublishedKeys } from '@idaas/replica';
import { TENANTS, TenantRepository, tenantIndexes } from './store/tenant-repository';
import { WEBHOOKS, WebhookRepository, webhookIndexes } from './store/webhook-repository';

export const tenantService: ServiceDefinition<typeof tenantServiceSettings> = {
  name: 'tenant',
  title: 'IDaaS management plane',
  settings: tenantServiceSettings,
  database: (c) => c.database,
  topicRegions: (c) => c.regions,
  outboxCollections: [
    TENANTS,
    APPLICATIONS,
    POLICIES,
    APPLICATION_GROUPS,
    APPLICATION_POLICIES,
    WEBHOOKS,
    API_RESOURCES,
    ROLES,
    BRANDING,
    MESSAGE_TEMPLATES,
  ],
  indexes: [
    ...tenantIndexes,
    ...applicationIndexes,
    ...policyIndexes,
    ...webhookIndexes,
    ...accessIndexes,
    ...brandingIndexes,
  ],
  build: async ({ config, db, events, clock, logger }) => {
    const tenants = new TenantRepository(db);
    const applications = new ApplicationRepository(db);
    const keys = new PublishedKeys(db);
    await keys.load();
    const boot = await bootstrapPlatform(
      tenants,
      applications,
      config.regions,
      config.operatorClientSecret || undefined,
      clock(),
    );
    if (boot.generatedOperatorSecret) {
      // Shown once, on the terminal only: never through the logger, which may ship lines elsewhere.
      process.stdout.write(
        `\nPlatform operator API client created. Store this secret now; it is not shown again.\n` +
          `  client_id:     ${OPERATOR_CLIENT_ID}\n  client_secret: ${boot.generatedOperatorSecret}\n\n`,
      );
    }
    logger.info({ systemTenant: boot.systemTenant.tenantId }, 'platform bootstrap checked');
    let stopKeys: (() => Promise<void>) | undefined;
    const deps = {
      tenants,
      applications,
      policies: new PolicyRepository(db),
      applicationPolicies: new ApplicationPolicyRepository(db),
      branding: new BrandingRepository(db),
      access: new AccessRepository(db),
      webhooks: new WebhookRepository(db),
      webhookRules: {
        receivers: config.environment === 'production' ? ('public' as const) : ('local' as const),
        secretKey: parseKeyEncryptionKey(config.webhookSecretKey),
        publishedEventTypes: catalog.all().map((t) => t.type),
      },
      keys,
      regions: config.regions,
      clock,
      eventsWritten: () => events.relay.kick(),
      authorize: (req: Parameters<typeof authorizeAdmin>[1], need: Parameters<typeof authorizeAdmin>[2]) =>
        authorizeAdmin({ keys, clock, systemTenantId: () => boot.systemTenant.tenantId }, req, need),
    };
    return {
      routes: tenantRoutes(deps),
      start: async () => {
        const sub = await events.bus.subscribe({
          groupId: `${config.database}.published-keys`,
          topics: [Topics.keys],
          handlers: keys.handlers(),
        });
        stopKeys = () => sub.stop();
      },
      stop: async () => stopKeys?.(),
    };
  },
};

export const main = (options?: BootOptions) => bootService(tenantService, options);

if (require.main === module) {
  main({ handleSignals: true }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
