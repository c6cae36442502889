import { MongoClient } from 'mongodb';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { uniqueRegion } from './support/names';
import { basicAuth, startStack } from './support/stack';
import { eventually } from './support/wait';

/**
 * Deleting a tenant on the management plane leaves a tombstone there, and every region erases
 * what it holds of the tenant: its users, and each service's own data (signing keys, sessions...).
 */
describe('tenant deletion', () => {
  const eu = uniqueRegion('del');
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stack: Awaited<ReturnType<typeof startStack>>;

  beforeAll(async () => {
    await mongo.connect();
    stack = await startStack([eu], `mgmt_${eu}`);
  });

  afterAll(async () => {
    await stack?.close();
    await mongo.close();
  });

  const tokenFor = (slug: string, clientId: string, secret: string) =>
    fetch(`${stack.authentication[eu]!.url}/t/${slug}/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: basicAuth(clientId, secret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });

  it("erases the tenant's users and signing keys in its region, and keeps other tenants' data", async () => {
    const users = new MongoUserDirectory(mongo.db(identityDatabaseName(eu)), { region: eu, source: '/test' });
    const keys = mongo.db(`idaas_${eu}_authentication`).collection<{ tenantId: string }>('signing_keys');
    const people = mongo.db(identityDatabaseName(eu)).collection<{ tenantId: string }>('users');
    const tenants: { slug: string; id: string }[] = [];
    for (const slug of [`gone-${eu}`, `kept-${eu}`]) {
      const id = await stack.createTenant(slug, eu);
      const app = await stack.admin<{ clientId: string; clientSecret: string }>(
        `/admin/tenants/${id}/applications`,
        'POST',
        { name: 'Worker', kind: 'm2m' },
      );
      // A token makes the region's signing key for the tenant.
      await eventually(async () => (await tokenFor(slug, app.body.clientId, app.body.clientSecret)).ok, {
        what: `a token for ${slug}`,
      });
      await users.create(id, {
        email: 'ada@example.com',
        password: 'correct horse battery staple',
        state: 'active',
        emailVerified: true,
      });
      tenants.push({ slug, id });
    }
    const [gone, kept] = tenants as [{ slug: string; id: string }, { slug: string; id: string }];
    expect(await keys.countDocuments({ tenantId: gone.id })).toBeGreaterThan(0);

    expect((await stack.admin(`/admin/tenants/${gone.id}`, 'DELETE')).status).toBe(200);
    await eventually(
      async () =>
        (await people.countDocuments({ tenantId: gone.id })) === 0 &&
        (await keys.countDocuments({ tenantId: gone.id })) === 0,
      { what: "the deleted tenant's users and keys erased in the region" },
    );
    expect((await fetch(`${stack.authentication[eu]!.url}/t/${gone.slug}`)).status).toBe(404);
    expect(await people.countDocuments({ tenantId: kept.id })).toBe(1);
    expect(await keys.countDocuments({ tenantId: kept.id })).toBeGreaterThan(0);
    expect((await stack.admin<{ status: string }>(`/admin/tenants/${gone.id}`)).body.status).toBe('deleted');
  });
});
