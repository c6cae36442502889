import { z } from 'zod';
import { commonSettings, regionSettings, setting, type ConfigOf, type Setting } from '@idaas/config';
import { TenantUpdatedV1, Topics } from '@idaas/events';
import { defineRoute, Problems, type AnyRoute } from '@idaas/http';
import {
  AccessReplica,
  ApplicationReplica,
  applicationReplicaIndexes,
  BrandingReplica,
  PolicyReplica,
  TenantReplica,
  tenantReplicaIndexes,
  WebhookReplica,
} from '@idaas/replica';
import { ensureIndexes, type IndexDeclaration } from '@idaas/store';
import {
  identityDatabaseName,
  knownDeviceIndexes,
  userStoreIndexes,
  webauthnCredentialIndexes,
} from '@idaas/user-store';
import type { ServiceContext, ServiceDefinition, ServiceParts } from './boot-service';
import { erasingDeletedTenants } from './tenant-erasure';

export const regionalSettings = {
  ...commonSettings,
  ...regionSettings,
  database: setting({
    env: 'MONGODB_DATABASE',
    title: 'Database',
    description: "database name; empty means idaas_<region>_<service>, the service's own data in its region",
    schema: z.string().regex(/^[A-Za-z0-9_-]*$/, 'letters, digits, _ and -'),
    default: '',
  }),
  regions: setting({
    env: 'REGIONS',
    title: 'Regions',
    description: 'comma-separated list of every region of the deployment',
    schema: z.string().transform((s) =>
      s
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    ),
    default: 'eu,us',
  }),
};

export type RegionalSettings = typeof regionalSettings;

type ExtraSettings = Record<string, Setting<unknown>>;

export interface RegionalContext<X extends ExtraSettings = ExtraSettings> extends ServiceContext<
  RegionalSettings & X
> {
  tenants: TenantReplica;
  applications: ApplicationReplica;
  policies: PolicyReplica;
  /** Tenants' branding and message templates, with the locale fallback. */
  branding: BrandingReplica;
  /** Tenants' own APIs and roles: who holds which permission. */
  access: AccessReplica;
  /** Webhook subscriptions: who wants which event, secrets sealed. */
  webhooks: WebhookReplica;
}

export interface RegionalServiceSpec<X extends ExtraSettings = ExtraSettings> {
  name: string;
  title: string;
  outboxCollections?: readonly string[];
  /**
   * Collections of the region's identity database whose outboxes this service relays. The
   * region's users are written by several services; exactly one of them (authentication, which
   * always runs) publishes their events, so they leave once.
   */
  identityOutboxCollections?: readonly string[];
  indexes?: readonly IndexDeclaration[];
  /** Settings of this service beyond those every regional service has. */
  settings?: X;
  build?: (ctx: RegionalContext<X>) => Promise<ServiceParts>;
}

/**
 * A data-plane service of one region. Each keeps its own replica of the tenants, fed by the
 * global config topic through its own consumer group, so it keeps answering while the
 * management plane or another service is down.
 */
/** Generic code sees the settings every regional service shares through their known types. */
function shared(config: object): ConfigOf<RegionalSettings> {
  return config as ConfigOf<RegionalSettings>;
}

export function regionalService<X extends ExtraSettings = Record<never, never>>(
  spec: RegionalServiceSpec<X>,
): ServiceDefinition<RegionalSettings & X> {
  return {
    name: spec.name,
    title: spec.title,
    settings: { ...regionalSettings, ...(spec.settings ?? ({} as X)) },
    database: (c) => shared(c).database || `idaas_${shared(c).region}_${spec.name}`,
    region: (c) => shared(c).region,
    topicRegions: (c) => [...new Set([shared(c).region, ...shared(c).regions])],
    outboxCollections: spec.outboxCollections ?? [],
    outboxesElsewhere: (c) => [
      { database: identityDatabaseName(shared(c).region), collections: spec.identityOutboxCollections ?? [] },
    ],
    indexes: [...tenantReplicaIndexes, ...applicationReplicaIndexes, ...(spec.indexes ?? [])],
    build: async (ctx) => {
      const region = shared(ctx.config).region;
      // Every service of the region may create users, so each makes sure the unique email index exists.
      await ensureIndexes(ctx.db.client.db(identityDatabaseName(region)), userStoreIndexes);
      await ensureIndexes(ctx.db.client.db(identityDatabaseName(region)), knownDeviceIndexes);
      await ensureIndexes(ctx.db.client.db(identityDatabaseName(region)), webauthnCredentialIndexes);
      const tenants = new TenantReplica(ctx.db);
      const applications = new ApplicationReplica(ctx.db);
      const policies = new PolicyReplica(ctx.db);
      const branding = new BrandingReplica(ctx.db);
      const access = new AccessReplica(ctx.db);
      const webhooks = new WebhookReplica(ctx.db);
      const loaded = {
        tenants: await tenants.load(),
        applications: await applications.load(),
        policies: await policies.load(),
        branding: await branding.load(),
        access: await access.load(),
        webhooks: await webhooks.load(),
      };
      ctx.logger.info(loaded, 'configuration replica loaded');
      const own = (await spec.build?.({
        ...ctx,
        tenants,
        applications,
        policies,
        access,
        webhooks,
        branding,
      })) ?? { routes: [] };
      let stopReplica: (() => Promise<void>) | undefined;
      return {
        routes: [tenantInfoRoute(tenants, region), ...own.routes],
        start: async () => {
          const sub = await ctx.events.bus.subscribe({
            groupId: `${region}.${spec.name}.config-replica`,
            topics: [Topics.config],
            handlers: {
              ...tenants.handlers(),
              [TenantUpdatedV1.type]: erasingDeletedTenants(
                tenants.handlers()[TenantUpdatedV1.type]!,
                [ctx.db, ctx.db.client.db(identityDatabaseName(region))],
                ctx.logger,
              ),
              ...applications.handlers(),
              ...policies.handlers(),
              ...branding.handlers(),
              ...access.handlers(),
              ...webhooks.handlers(),
            },
          });
          stopReplica = () => sub.stop();
          await own.start?.();
        },
        stop: async () => {
          await own.stop?.();
          await stopReplica?.();
        },
      };
    },
  };
}

/** Public facts about a tenant, as the hosted pages of this region see them. */
function tenantInfoRoute(tenants: TenantReplica, region: string): AnyRoute {
  return defineRoute({
    method: 'get',
    path: '/t/:tenant',
    operationId: 'getTenantInfo',
    summary: "Public information about a tenant, from this region's replica",
    tags: ['tenants'],
    params: z.object({ tenant: z.string().min(1).max(63) }),
    responses: {
      200: {
        description: 'The tenant',
        schema: z.object({
          tenant: z.string(),
          displayName: z.string(),
          homeRegion: z.string(),
          servedBy: z.string(),
        }),
      },
      404: { description: 'No such tenant in this region' },
    },
    handler: async ({ params }) => {
      const t = tenants.findBySlug(params.tenant);
      if (!t || t.status !== 'active') throw Problems.notFound('No such tenant.');
      return {
        status: 200,
        body: { tenant: t.slug, displayName: t.displayName, homeRegion: t.homeRegion, servedBy: region },
      };
    },
  });
}
