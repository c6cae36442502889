import type { Db } from 'mongodb';
import { WebhookChangedV1 } from '@idaas/events';
import { WebhookReplica, type WebhookView } from './webhook-replica';

/** Just enough of a collection for the replica: writes are accepted, nothing is stored. */
const db = {
  collection: () => ({ updateOne: async () => ({}), find: () => ({ toArray: async () => [] }) }),
} as unknown as Db;

const view = (over: Partial<WebhookView>): WebhookView => ({
  webhookId: 'w1',
  tenantId: 't1',
  url: 'https://hooks.example.com/in',
  eventTypes: ['idaas.user.*'],
  description: '',
  enabled: true,
  secrets: [],
  status: 'active',
  version: 1,
  ...over,
});

async function apply(replica: WebhookReplica, v: WebhookView) {
  const event = WebhookChangedV1.create(v.webhookId, v, { source: 'test', tenantId: v.tenantId });
  await replica.handlers()[WebhookChangedV1.type]!({ event, topic: 'config', partition: 0, offset: '0' });
}

describe('WebhookReplica.subscriptionsFor', () => {
  it('answers the active, enabled subscriptions of the tenant whose filters match', async () => {
    const replica = new WebhookReplica(db);
    await apply(replica, view({ webhookId: 'users' }));
    await apply(replica, view({ webhookId: 'exact', eventTypes: ['idaas.user.registered.v1'] }));
    await apply(replica, view({ webhookId: 'tenants', eventTypes: ['idaas.tenant.*'] }));
    await apply(replica, view({ webhookId: 'other-tenant', tenantId: 't2' }));
    await apply(replica, view({ webhookId: 'paused', enabled: false }));
    await apply(replica, view({ webhookId: 'gone', status: 'deleted' }));
    const ids = replica.subscriptionsFor('t1', 'idaas.user.registered.v1').map((w) => w.webhookId);
    expect(ids.sort()).toEqual(['exact', 'users']);
  });

  it('keeps the highest version, so a late older snapshot does not revive a deleted subscription', async () => {
    const replica = new WebhookReplica(db);
    await apply(replica, view({ status: 'deleted', version: 3 }));
    await apply(replica, view({ version: 2 }));
    expect(replica.subscriptionsFor('t1', 'idaas.user.registered.v1')).toEqual([]);
  });
});
