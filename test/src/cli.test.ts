import { idaasCli, type CliRun } from './support/idaas-cli';
import { uniqueRegion } from './support/names';
import { startStack } from './support/stack';

describe('idaas CLI', () => {
  const region = uniqueRegion('cli');
  let stack: Awaited<ReturnType<typeof startStack>>;
  let idaas: (...args: string[]) => Promise<CliRun>;

  beforeAll(async () => {
    stack = await startStack([region], `mgmt_${region}`);
    idaas = idaasCli(stack, region);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('creates a tenant and an application, and lists them, as the platform operator', async () => {
    const slug = `cli-${region}`;
    const created = await idaas(
      'tenants',
      'create',
      '--slug',
      slug,
      '--name',
      'From the CLI',
      '--region',
      region,
    );
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    const tenant = JSON.parse(created.out) as { tenantId: string; slug: string };
    expect(tenant.slug).toBe(slug);

    const app = await idaas(
      'apps',
      'create',
      '--tenant',
      tenant.tenantId,
      '--name',
      'Portal',
      '--kind',
      'web',
      '--redirect-uri',
      'https://portal.example/cb',
    );
    expect(app.code).toBe(0);
    expect(JSON.parse(app.out)).toMatchObject({
      kind: 'web',
      redirectUris: ['https://portal.example/cb'],
      clientSecret: expect.any(String),
    });

    const listed = await idaas('tenants', 'list', '--region', region);
    expect((JSON.parse(listed.out) as { items: { slug: string }[] }).items.map((t) => t.slug)).toContain(
      slug,
    );
  });

  it('sets a policy and makes a group of applications require MFA', async () => {
    const tenant = JSON.parse(
      (
        await idaas(
          'tenants',
          'create',
          '--slug',
          `clipol-${region}`,
          '--name',
          'Policies',
          '--region',
          region,
        )
      ).out,
    ) as { tenantId: string };
    const app = JSON.parse(
      (await idaas('apps', 'create', '--tenant', tenant.tenantId, '--name', 'Ledger', '--kind', 'm2m')).out,
    ) as { clientId: string };

    const set = await idaas(
      'policy',
      'set',
      '--tenant',
      tenant.tenantId,
      '--json',
      '{"lockout":{"maxAttempts":4}}',
    );
    expect(set.err).toBe('');
    expect(JSON.parse(set.out)).toMatchObject({ version: 1, policy: { lockout: { maxAttempts: 4 } } });

    const group = await idaas(
      'groups',
      'create',
      '--tenant',
      tenant.tenantId,
      '--name',
      'finance',
      '--apps',
      app.clientId,
      '--json',
      '{"mfa":{"mode":"required"}}',
    );
    expect(group.code).toBe(0);
    const explained = await idaas('policy', 'explain', '--tenant', tenant.tenantId, '--app', app.clientId);
    expect(JSON.parse(explained.out)).toMatchObject({
      policy: { mfa: { mode: 'required' }, lockout: { maxAttempts: 4 } },
      sources: { 'mfa.mode': 'group:finance' },
    });

    const bad = await idaas('policy', 'set', '--tenant', tenant.tenantId, '--json', '{"lockout":');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/not valid JSON/);
  });

  it('explains refused input field by field, with a non-zero exit', async () => {
    const res = await idaas('tenants', 'create', '--slug', 'Bad Slug', '--name', 'x', '--region', region);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/answered 400/);
    expect(res.err).toMatch(/body\.slug:/);
  });

  it('prints its usage for an unknown command', async () => {
    const res = await idaas('frobnicate');
    expect(res.code).toBe(2);
    expect(res.out).toMatch(/idaas tenants create --slug S/);
  });
});
