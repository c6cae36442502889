import type { Db } from 'mongodb';
import { TenantUpdatedV1, type EventData, type EventHandler } from '@idaas/events';
import type { Logger } from '@idaas/telemetry';

/** Read models and consumer bookkeeping: the config they hold is removed by its own events. */
const keep = (collection: string) => collection.startsWith('replica_') || collection === 'processed_events';

/**
 * Deletes every document of one tenant in the given databases. Each region erases what it holds
 * when the management plane deletes a tenant (the tombstone stays there): a service's own data
 * and the region's users. Every collection here carries `tenantId` (repositories put it on every
 * document), so one `deleteMany` per collection is complete, and running it twice is harmless.
 */
export async function eraseTenantData(databases: readonly Db[], tenantId: string): Promise<number> {
  let erased = 0;
  for (const db of databases) {
    const collections = await db.listCollections({}, { nameOnly: true }).toArray();
    for (const { name } of collections) {
      if (!keep(name)) erased += (await db.collection(name).deleteMany({ tenantId })).deletedCount;
    }
  }
  return erased;
}

/** Wraps the tenant replica's handler: once a deleted tenant is applied, its data goes. */
export function erasingDeletedTenants(
  apply: EventHandler,
  databases: readonly Db[],
  logger: Logger,
): EventHandler {
  return async (delivery) => {
    await apply(delivery);
    const tenant = delivery.event.data as EventData<typeof TenantUpdatedV1>;
    if (tenant.status !== 'deleted') return;
    const erased = await eraseTenantData(databases, tenant.tenantId);
    logger.info({ tenantId: tenant.tenantId, erased }, 'deleted tenant erased from this region');
  };
}
