import { createHash } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { main as startAuthentication } from '@idaas/authentication-service';
import { main as startTenant } from '@idaas/tenant-service';
import { env, uniqueRegion } from './support/names';
import { eventually } from './support/wait';

/**
 * Configuration made on the management plane reaches the read models of two regions through
 * the real broker, and the regions keep answering when the management plane is gone.
 */
describe('config distribution to regions', () => {
  const eu = uniqueRegion('eu');
  const us = uniqueRegion('us');
  const token = 'distribution-test-operator-token-0123456789';
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  const regionEnv = (region: string) => env({ REGION: region, REGIONS: `${eu},${us}` });
  let tenant: Awaited<ReturnType<typeof startTenant>> | undefined;
  const regions: Record<string, Awaited<ReturnType<typeof startAuthentication>>> = {};

  beforeAll(async () => {
    await mongo.connect();
    tenant = await startTenant({
      env: env({ MONGODB_DATABASE: `mgmt_${eu}`, REGIONS: `${eu},${us}`, OPERATOR_TOKEN: token }),
    });
    regions[eu] = await startAuthentication({ env: regionEnv(eu) });
    regions[us] = await startAuthentication({ env: regionEnv(us) });
  });

  afterAll(async () => {
    await tenant?.close();
    await Promise.all(Object.values(regions).map((r) => r.close()));
    await mongo.close();
  });

  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${tenant!.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    });
  const replica = (region: string) =>
    mongo.db(`idaas_${region}_authentication`).collection<{ _id: string }>('replica_applications');

  it('registers an application once, shows its secret once, and replicates only a verifier', async () => {
    const created = await admin('/admin/tenants', {
      method: 'POST',
      body: JSON.stringify({ slug: `dist-${eu}`, displayName: 'Dist', homeRegion: eu }),
    });
    const { tenantId } = (await created.json()) as { tenantId: string };

    const registered = await admin(`/admin/tenants/${tenantId}/applications`, {
      method: 'POST',
      body: JSON.stringify({
        name: 'Portal',
        kind: 'web',
        redirectUris: ['https://portal.example/callback'],
      }),
    });
    expect(registered.status).toBe(201);
    const app = (await registered.json()) as { clientId: string; clientSecret: string };
    expect(app.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const read = (await (
      await admin(`/admin/tenants/${tenantId}/applications/${app.clientId}`)
    ).json()) as Record<string, unknown>;
    expect(read.clientSecret).toBeUndefined();
    expect(JSON.stringify(read)).not.toContain(app.clientSecret);

    const verifier = createHash('sha256').update(app.clientSecret).digest('base64url');
    for (const region of [eu, us]) {
      const doc = await eventually(
        async () => (await replica(region).findOne({ _id: app.clientId })) ?? undefined,
        {
          what: `the application in ${region}`,
        },
      );
      expect(doc).toMatchObject({ tenantId, redirectUris: ['https://portal.example/callback'], version: 1 });
      expect(doc).toMatchObject({ secretVerifiers: [expect.objectContaining({ sha256: verifier })] });
      expect(JSON.stringify(doc)).not.toContain(app.clientSecret);
    }

    // A change reaches both regions as a new version.
    const rotated = await admin(`/admin/tenants/${tenantId}/applications/${app.clientId}/secret`, {
      method: 'POST',
      body: JSON.stringify({ overlapSeconds: 60 }),
    });
    expect(rotated.status).toBe(200);
    for (const region of [eu, us]) {
      await eventually(
        async () =>
          ((await replica(region).findOne({ _id: app.clientId })) as { version?: number } | null)?.version ===
          2,
        {
          what: `version 2 in ${region}`,
        },
      );
    }
  });

  it('answers bad application input with a 400 naming each field, and unknown tenants with 404', async () => {
    const created = await admin('/admin/tenants', {
      method: 'POST',
      body: JSON.stringify({ slug: `bad-${eu}`, displayName: 'Bad', homeRegion: eu }),
    });
    const { tenantId } = (await created.json()) as { tenantId: string };
    const res = await admin(`/admin/tenants/${tenantId}/applications`, {
      method: 'POST',
      body: JSON.stringify({
        name: 'x',
        kind: 'web',
        redirectUris: ['https://ok.example/cb', 'http://evil.example/cb#frag'],
      }),
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field)).toEqual(['body.redirectUris.1']);
    expect(await mongo.db(`mgmt_${eu}`).collection('applications').countDocuments({ tenantId })).toBe(0);

    const unknown = await admin('/admin/tenants/00000000-0000-4000-8000-000000000000/applications', {
      method: 'POST',
      body: JSON.stringify({ name: 'x', kind: 'm2m' }),
    });
    expect(unknown.status).toBe(404);
  });

  it('keeps both regions answering from their read models with the management plane stopped', async () => {
    const slug = `static-${eu}`;
    await admin('/admin/tenants', {
      method: 'POST',
      body: JSON.stringify({ slug, displayName: 'Static', homeRegion: us }),
    });
    for (const region of [eu, us]) {
      await eventually(async () => (await fetch(`${regions[region]!.url}/t/${slug}`)).status === 200, {
        what: region,
      });
    }
    await tenant!.close();
    tenant = undefined;
    for (const region of [eu, us])
      expect((await fetch(`${regions[region]!.url}/t/${slug}`)).status).toBe(200);

    // A regional process restarted while the management plane is down loads its replica from its database.
    await regions[eu]!.close();
    regions[eu] = await startAuthentication({ env: regionEnv(eu) });
    const answer = await fetch(`${regions[eu]!.url}/t/${slug}`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ tenant: slug, homeRegion: us, servedBy: eu });
  });
});
