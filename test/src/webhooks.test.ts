import { MongoClient } from 'mongodb';
import { unsealWebhookSecret, type SealedSecret } from '@idaas/crypto';
import { uniqueRegion } from './support/names';
import { startStack, WEBHOOK_SECRET_KEY } from './support/stack';
import { eventually } from './support/wait';

interface WebhookBody {
  webhookId: string;
  url: string;
  eventTypes: string[];
  enabled: boolean;
  version: number;
  secrets: { id: string; expiresAt?: string }[];
  secret?: string;
}

interface ReplicatedWebhook {
  _id: string;
  tenantId: string;
  eventTypes: string[];
  enabled: boolean;
  status: string;
  version: number;
  secrets: { id: string; sealed: SealedSecret; expiresAt?: string }[];
}

interface Problem {
  errors: { field: string }[];
}

const RECEIVER = 'http://127.0.0.1:9/hooks/idaas';
const key = Buffer.from(WEBHOOK_SECRET_KEY, 'base64');

describe('webhook subscriptions', () => {
  const eu = uniqueRegion('we');
  const us = uniqueRegion('wu');
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stack: Awaited<ReturnType<typeof startStack>>;
  let tenantId: string;
  let webhookId: string;
  let firstSecret: string;
  let secondSecret: string;

  const path = (suffix = '') => `/admin/tenants/${tenantId}/webhooks${suffix}`;

  /** The subscription in a region's read model once it reached `version`. */
  const replicated = (region: string, version: number) =>
    eventually(
      async () => {
        const doc = await mongo
          .db(`idaas_${region}_authentication`)
          .collection<ReplicatedWebhook>('replica_webhooks')
          .findOne({ _id: webhookId });
        return doc && doc.version >= version ? doc : undefined;
      },
      { what: `webhook version ${version} in ${region}` },
    );

  const unsealed = (doc: ReplicatedWebhook, index: number) => {
    const s = doc.secrets[index]!;
    return unsealWebhookSecret(s.sealed, key, { webhookId: doc._id, secretId: s.id });
  };

  beforeAll(async () => {
    await mongo.connect();
    stack = await startStack([eu, us], `mgmt_${eu}`);
    tenantId = await stack.createTenant(`wh-${eu}`, eu);
  });

  afterAll(async () => {
    await stack?.close();
    await mongo.close();
  });

  it('shows the whsec_ secret once, and never again on reads', async () => {
    const created = await stack.admin<WebhookBody>(path(), 'POST', {
      url: RECEIVER,
      eventTypes: ['idaas.user.*', 'idaas.tenant.updated.v1'],
      description: 'CRM sync',
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.body).toMatchObject({ url: RECEIVER, enabled: true, version: 1 });
    webhookId = created.body.webhookId;
    firstSecret = created.body.secret!;

    const read = await stack.admin<WebhookBody>(path(`/${webhookId}`));
    const list = await stack.admin<{ items: WebhookBody[] }>(path());
    expect(read.status).toBe(200);
    expect(list.body.items.map((w) => w.webhookId)).toEqual([webhookId]);
    for (const res of [read, list]) {
      expect(res.text).not.toContain(firstSecret.slice('whsec_'.length));
      expect(res.text).not.toContain('"secret"');
      expect(res.text).not.toContain('sealed');
    }
  });

  it('replicates to both regions with the secret only sealed, openable with the deployment key', async () => {
    const stored = await mongo
      .db(`mgmt_${eu}`)
      .collection('webhook_subscriptions')
      .findOne({ _id: webhookId } as object);
    expect(stored).not.toBeNull();
    expect(JSON.stringify(stored)).not.toContain(firstSecret.slice('whsec_'.length));
    for (const region of [eu, us]) {
      const doc = await replicated(region, 1);
      expect(doc).toMatchObject({ tenantId, status: 'active', enabled: true });
      expect(JSON.stringify(doc)).not.toContain(firstSecret.slice('whsec_'.length));
      expect(doc.secrets).toHaveLength(1);
      expect(unsealed(doc, 0)).toBe(firstSecret);
    }
  });

  it('rotates the secret, keeping the previous one valid until the overlap ends', async () => {
    const rotated = await stack.admin<WebhookBody>(path(`/${webhookId}/secret`), 'POST', {
      overlapSeconds: 3600,
    });
    expect(rotated.status).toBe(200);
    secondSecret = rotated.body.secret!;
    expect(secondSecret).toMatch(/^whsec_/);
    expect(secondSecret).not.toBe(firstSecret);
    expect(rotated.body.secrets).toHaveLength(2);
    const expiresAt = Date.parse(rotated.body.secrets[0]!.expiresAt!);
    expect(expiresAt - Date.now()).toBeGreaterThan(3500 * 1000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(3600 * 1000);
    expect(rotated.body.secrets[1]!.expiresAt).toBeUndefined();

    for (const region of [eu, us]) {
      const doc = await replicated(region, 2);
      expect(doc.secrets.map((s) => s.expiresAt)).toEqual([rotated.body.secrets[0]!.expiresAt, undefined]);
      expect([unsealed(doc, 0), unsealed(doc, 1)]).toEqual([firstSecret, secondSecret]);
      expect(JSON.stringify(doc)).not.toContain(secondSecret.slice('whsec_'.length));
    }
    const read = await stack.admin(path(`/${webhookId}`));
    expect(read.text).not.toContain(secondSecret.slice('whsec_'.length));
  });

  it('replaces the settings, and refuses a replace over a stale version', async () => {
    const replaced = await stack.admin<WebhookBody>(path(`/${webhookId}`), 'PUT', {
      url: RECEIVER,
      eventTypes: ['idaas.user.registered.v1'],
      enabled: false,
      version: 2,
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      eventTypes: ['idaas.user.registered.v1'],
      enabled: false,
      version: 3,
    });
    expect(replaced.body.secrets).toHaveLength(2);
    const stale = await stack.admin(path(`/${webhookId}`), 'PUT', {
      url: RECEIVER,
      eventTypes: ['idaas.user.*'],
      version: 2,
    });
    expect(stale.status).toBe(409);
    for (const region of [eu, us]) {
      expect(await replicated(region, 3)).toMatchObject({
        eventTypes: ['idaas.user.registered.v1'],
        enabled: false,
      });
    }
  });

  it('refuses bad receivers and unknown event types naming the field', async () => {
    const cases: [unknown, string[]][] = [
      [{ url: 'http://hooks.example.com/in', eventTypes: ['idaas.user.*'] }, ['body.url']],
      [{ url: 'https://user:pw@hooks.example.com/in', eventTypes: ['idaas.user.*'] }, ['body.url']],
      [{ url: 'https://hooks.example.com/in#top', eventTypes: ['idaas.user.*'] }, ['body.url']],
      [{ url: 'hooks.example.com', eventTypes: ['idaas.user.*'] }, ['body.url']],
      [
        { url: RECEIVER, eventTypes: ['idaas.user.*', 'idaas.tenant.created.v1', 'idaas.user.exploded.v1'] },
        ['body.eventTypes.2'],
      ],
      [{ url: RECEIVER, eventTypes: ['idaas.nothing.*'] }, ['body.eventTypes.0']],
      [{ url: RECEIVER, eventTypes: [] }, ['body.eventTypes']],
      [{ url: RECEIVER, eventTypes: ['idaas.user.*'], description: 'x'.repeat(201) }, ['body.description']],
      [{ url: RECEIVER, eventTypes: ['idaas.user.*'], secret: 'whsec_mine' }, ['body']],
    ];
    for (const [body, fields] of cases) {
      const res = await stack.admin<Problem>(path(), 'POST', body);
      expect({ body, status: res.status, fields: res.body.errors?.map((e) => e.field) }).toEqual({
        body,
        status: 400,
        fields,
      });
    }
    const longOverlap = await stack.admin<Problem>(path(`/${webhookId}/secret`), 'POST', {
      overlapSeconds: 8 * 86400,
    });
    expect(longOverlap.status).toBe(400);
    expect(longOverlap.body.errors.map((e) => e.field)).toEqual(['body.overlapSeconds']);
    const list = await stack.admin<{ items: WebhookBody[] }>(path());
    expect(list.body.items).toHaveLength(1);
  });

  it('answers 404 for unknown subscriptions', async () => {
    const unknown = path('/00000000-0000-4000-8000-0000000000ff');
    expect((await stack.admin(unknown)).status).toBe(404);
    expect((await stack.admin(unknown, 'PUT', { url: RECEIVER, eventTypes: ['idaas.user.*'] })).status).toBe(
      404,
    );
    expect((await stack.admin(`${unknown}/secret`, 'POST', {})).status).toBe(404);
    expect((await stack.admin(unknown, 'DELETE')).status).toBe(404);
  });

  it('deletes: the regions keep a tombstone without secrets', async () => {
    expect((await stack.admin(path(`/${webhookId}`), 'DELETE')).status).toBe(204);
    expect((await stack.admin(path(`/${webhookId}`))).status).toBe(404);
    expect((await stack.admin(path(`/${webhookId}`), 'DELETE')).status).toBe(404);
    expect((await stack.admin<{ items: unknown[] }>(path())).body.items).toEqual([]);
    for (const region of [eu, us]) {
      expect(await replicated(region, 4)).toMatchObject({ status: 'deleted', enabled: false, secrets: [] });
    }
  });
});
