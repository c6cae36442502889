import { MongoClient } from 'mongodb';
import { uniqueRegion } from './support/names';
import { startStack } from './support/stack';

type Stack = Awaited<ReturnType<typeof startStack>>;

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
}

interface Operation {
  operationId: string;
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

/** A value of the wrong JSON type for a property, whatever its schema allows. */
function wrongTypeFor(schema: JsonSchema): unknown {
  const types = [schema.type ?? schema.anyOf?.map((s) => s.type) ?? []].flat();
  if (types.includes('string')) return 12345;
  if (types.includes('object') || types.includes('array')) return 'not-a-structure';
  return 'not-a-number-or-boolean';
}

/**
 * Every write endpoint of the admin API, read from the management plane's own OpenAPI document,
 * answers bad input with a 400 problem that names the field, and stores nothing. Being generated
 * from the document, the suite covers each endpoint added later without being told.
 */
describe('admin API bad input on every write endpoint', () => {
  const region = uniqueRegion('bi');
  const database = `mgmt_${region}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stack: Stack;
  const ids: Record<string, string> = { kind: 'verification', locale: 'en' };
  let writes: [string, string, Operation][] = [];

  /**
   * Every document of the management plane, so the suite can prove nothing changed. Outbox
   * entries leave as the relay publishes them and consumers record what they read, so those
   * are not part of what an admin wrote.
   */
  async function snapshot(): Promise<string> {
    const db = mongo.db(database);
    const bookkeeping = new Set(['processed_events', 'published_keys']);
    const names = (await db.listCollections().toArray())
      .map((c) => c.name)
      .filter((n) => !bookkeeping.has(n))
      .sort();
    const all: Record<string, unknown[]> = {};
    for (const name of names) {
      const docs = await db
        .collection(name)
        .find({}, { projection: { outbox: 0 } })
        .sort({ _id: 1 })
        .toArray();
      all[name] = docs;
    }
    return JSON.stringify(all);
  }

  beforeAll(async () => {
    await mongo.connect();
    stack = await startStack([region], database);
    ids.tenantId = await stack.createTenant(`bad-${region}`, region);
    const base = `/admin/tenants/${ids.tenantId}`;
    const made = async (path: string, body: unknown, key: string) => {
      const res = await stack.admin<Record<string, string>>(`${base}${path}`, 'POST', body);
      if (res.status !== 201) throw new Error(`${path} answered ${res.status}: ${res.text}`);
      return res.body[key]!;
    };
    ids.applicationId = await made('/applications', { name: 'App', kind: 'm2m' }, 'clientId');
    ids.groupId = await made('/application-groups', { name: 'g', applicationIds: [] }, 'groupId');
    ids.webhookId = await made(
      '/webhooks',
      { url: 'http://127.0.0.1:9/hook', eventTypes: ['idaas.user.*'] },
      'webhookId',
    );
    ids.resourceId = await made(
      '/api-resources',
      {
        name: 'invoices',
        audience: 'https://api.example/invoices',
        displayName: 'I',
        actions: [{ name: 'read' }],
      },
      'resourceId',
    );
    ids.roleId = await made('/roles', { name: 'reader', permissions: ['invoices:read'] }, 'roleId');

    const doc = (await (await fetch(`${stack.tenant.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    writes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/admin/'))
      .flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([method, op]) => ['post', 'put', 'patch'].includes(method) && op.requestBody)
          .map(([method, op]) => [method.toUpperCase(), path, op] as [string, string, Operation]),
      );
  });

  afterAll(async () => {
    await stack?.close();
    await mongo.close();
  });

  const concrete = (path: string) =>
    path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      const id = ids[name];
      if (!id) throw new Error(`no value for path parameter ${name} in ${path}`);
      return id;
    });

  it('finds the write endpoints in the OpenAPI document', () => {
    expect(writes.length).toBeGreaterThanOrEqual(15);
  });

  it('answers a body of the wrong shape with 400 on every write endpoint, and stores nothing', async () => {
    const before = await snapshot();
    for (const [method, path] of writes) {
      const res = await stack.admin<{ status: number; errors?: { field: string }[] }>(
        concrete(path),
        method,
        ['not', 'an', 'object'],
      );
      expect({ endpoint: `${method} ${path}`, status: res.status }).toEqual({
        endpoint: `${method} ${path}`,
        status: 400,
      });
      expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
    }
    expect(await snapshot()).toBe(before);
  });

  it('names each missing required field, and each field of the wrong type', async () => {
    const before = await snapshot();
    for (const [method, path, op] of writes) {
      const schema = op.requestBody!.content['application/json']?.schema ?? {};
      const endpoint = `${method} ${path}`;
      for (const field of schema.required ?? []) {
        const res = await stack.admin<{ errors?: { field: string }[] }>(concrete(path), method, {});
        expect({ endpoint, status: res.status }).toEqual({ endpoint, status: 400 });
        expect({ endpoint, fields: res.body.errors?.map((e) => e.field) }).toEqual({
          endpoint,
          fields: expect.arrayContaining([`body.${field}`]),
        });
      }
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        const res = await stack.admin<{ errors?: { field: string }[] }>(concrete(path), method, {
          [field]: wrongTypeFor(property),
        });
        expect({ endpoint, field, status: res.status }).toEqual({ endpoint, field, status: 400 });
        expect({
          endpoint,
          field,
          named: res.body.errors?.some((e) => e.field.startsWith(`body.${field}`)),
        }).toEqual({ endpoint, field, named: true });
      }
    }
    expect(await snapshot()).toBe(before);
  });
});
