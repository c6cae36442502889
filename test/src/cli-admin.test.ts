import { TENANT_ROLES } from '@idaas/identity';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { idaasCli, type CliRun } from './support/idaas-cli';
import { uniqueRegion } from './support/names';
import { startStack } from './support/stack';
import { eventually } from './support/wait';

/** Webhooks, APIs and roles, branding and templates through `idaas`, against a real stack. */
describe('idaas CLI: webhooks, access, branding and templates', () => {
  const region = uniqueRegion('clia');
  let stack: Awaited<ReturnType<typeof startStack>>;
  let idaas: (...args: string[]) => Promise<CliRun>;
  let tenantId: string;

  /** A command that must succeed; its JSON output. */
  async function ok<T>(...args: string[]): Promise<T> {
    const res = await idaas(...args);
    expect({ code: res.code, err: res.err }).toEqual({ code: 0, err: '' });
    return (res.out ? JSON.parse(res.out) : undefined) as T;
  }

  beforeAll(async () => {
    stack = await startStack([region], `mgmt_${region}`);
    idaas = idaasCli(stack, region);
    tenantId = (
      await ok<{ tenantId: string }>(
        'tenants',
        'create',
        '--slug',
        `clia-${region}`,
        '--name',
        'Acme',
        '--region',
        region,
      )
    ).tenantId;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('subscribes a webhook, shows its secret once, lists it, rotates the secret and deletes it', async () => {
    const created = await ok<{ webhookId: string; secret: string; enabled: boolean }>(
      'webhooks',
      'create',
      '--tenant',
      tenantId,
      '--url',
      'https://hooks.example.com/idaas',
      '--events',
      'idaas.user.*,idaas.tenant.updated.v1',
      '--description',
      'CRM sync',
    );
    expect(created).toMatchObject({ enabled: true, secret: expect.stringMatching(/^whsec_/) });

    const listed = await idaas('webhooks', 'list', '--tenant', tenantId);
    expect(JSON.parse(listed.out)).toMatchObject({
      items: [
        {
          webhookId: created.webhookId,
          url: 'https://hooks.example.com/idaas',
          eventTypes: ['idaas.user.*', 'idaas.tenant.updated.v1'],
          description: 'CRM sync',
        },
      ],
    });
    expect(listed.out).not.toContain(created.secret);

    const rotated = await ok<{ secret: string }>(
      'webhooks',
      'rotate-secret',
      '--tenant',
      tenantId,
      '--webhook',
      created.webhookId,
      '--overlap',
      '60',
    );
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);

    const updated = await ok<{ enabled: boolean; version: number }>(
      'webhooks',
      'update',
      '--tenant',
      tenantId,
      '--webhook',
      created.webhookId,
      '--url',
      'https://hooks.example.com/v2',
      '--events',
      'idaas.user.*',
      '--disabled',
    );
    expect(updated.enabled).toBe(false);
    const stale = await idaas(
      'webhooks',
      'update',
      '--tenant',
      tenantId,
      '--webhook',
      created.webhookId,
      '--url',
      'https://hooks.example.com/v3',
      '--events',
      'idaas.user.*',
      '--version',
      '1',
    );
    expect(stale.code).toBe(1);
    expect(stale.err).toMatch(/answered 409 Conflict/);

    await ok('webhooks', 'delete', '--tenant', tenantId, '--webhook', created.webhookId);
    const gone = await idaas('webhooks', 'get', '--tenant', tenantId, '--webhook', created.webhookId);
    expect(gone.code).toBe(1);
    expect(gone.err).toMatch(/answered 404/);
  });

  it('describes an API, makes a role of its permissions, assigns it and sees it listed', async () => {
    const api = await ok<{ resourceId: string }>(
      'apis',
      'create',
      '--tenant',
      tenantId,
      '--name',
      'invoices',
      '--audience',
      'https://api.example/invoices',
      '--actions',
      'read,approve',
      '--display-name',
      'Invoices',
    );
    const role = await ok<{ roleId: string }>(
      'roles',
      'create',
      '--tenant',
      tenantId,
      '--name',
      'approver',
      '--permissions',
      'invoices:read,invoices:approve',
    );
    const roles = await ok<{ items: { name: string; permissions: string[] }[] }>(
      'roles',
      'list',
      '--tenant',
      tenantId,
    );
    expect(roles.items).toEqual([
      expect.objectContaining({ name: 'approver', permissions: ['invoices:read', 'invoices:approve'] }),
    ]);

    const app = await ok<{ clientId: string }>(
      'apps',
      'create',
      '--tenant',
      tenantId,
      '--name',
      'Ledger',
      '--kind',
      'm2m',
    );
    await ok(
      'roles',
      'assign',
      '--tenant',
      tenantId,
      '--role',
      role.roleId,
      '--apps',
      app.clientId,
      '--users',
      'user-1',
    );
    expect(await ok('roles', 'holders', '--tenant', tenantId, '--role', role.roleId)).toMatchObject({
      users: ['user-1'],
      groups: [],
      applications: [app.clientId],
    });

    // The API's actions are in use: the problem says so and the CLI passes it on.
    const inUse = await idaas('apis', 'delete', '--tenant', tenantId, '--api', api.resourceId);
    expect(inUse.code).toBe(1);
    expect(inUse.err).toMatch(/answered 409 Conflict: .*approver/);

    const unknown = await idaas(
      'roles',
      'create',
      '--tenant',
      tenantId,
      '--name',
      'x',
      '--permissions',
      'invoices:pay',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/body\.permissions\.0:/);
  });

  it('sets branding and a template, and previews the template with the branding', async () => {
    const branding = await ok<{ version: number }>(
      'branding',
      'set',
      '--tenant',
      tenantId,
      '--json',
      '{"productName":"Acme ID","supportedLocales":["en","de"],"defaultLocale":"en"}',
    );
    expect(branding.version).toBe(1);
    expect(await ok('branding', 'get', '--tenant', tenantId)).toMatchObject({
      version: 1,
      branding: { productName: 'Acme ID', supportedLocales: ['en', 'de'] },
    });

    const dir = mkdtempSync(path.join(tmpdir(), 'idaas-cli-'));
    writeFileSync(path.join(dir, 'welcome.html'), '<p>Willkommen bei {{tenant.name}}, {{user.name}}</p>');
    writeFileSync(path.join(dir, 'welcome.txt'), 'Willkommen, {{user.name}}');
    await ok(
      'templates',
      'set',
      '--tenant',
      tenantId,
      '--kind',
      'welcome',
      '--locale',
      'de',
      '--subject',
      'Willkommen {{user.name}}',
      '--html-file',
      path.join(dir, 'welcome.html'),
      '--text-file',
      path.join(dir, 'welcome.txt'),
    );
    expect(await ok('templates', 'list', '--tenant', tenantId)).toMatchObject({
      items: [{ kind: 'welcome', locale: 'de', subject: 'Willkommen {{user.name}}' }],
    });

    // de-CH falls back to the tenant's de template.
    const preview = await ok<{ locale: string; source: string; subject: string; html: string }>(
      'templates',
      'preview',
      '--tenant',
      tenantId,
      '--kind',
      'welcome',
      '--locale',
      'de-CH',
      '--json',
      '{"values":{"user.name":"Ada <3"}}',
    );
    expect(preview).toMatchObject({ locale: 'de', source: 'tenant', subject: 'Willkommen Ada <3' });
    expect(preview.html).toContain('Ada &lt;3');

    await ok('templates', 'delete', '--tenant', tenantId, '--kind', 'welcome', '--locale', 'de');
    expect(
      await ok('templates', 'preview', '--tenant', tenantId, '--kind', 'welcome', '--locale', 'de-CH'),
    ).toMatchObject({ source: 'platform' });
  });

  it('refuses a template the API finds broken, naming the field', async () => {
    const res = await idaas(
      'templates',
      'set',
      '--tenant',
      tenantId,
      '--kind',
      'verification',
      '--locale',
      'en',
      '--json',
      '{"subject":"Verify","html":"<p>no link</p>","text":"{{link}}"}',
    );
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/answered 400 Bad Request/);
    expect(res.err).toMatch(/body\.html:/);
  });

  it("lets a tenant's admin client manage its own tenant's webhooks and answers 404 for another tenant's", async () => {
    const slug = `clia-${region}`;
    const other = await ok<{ tenantId: string }>(
      'tenants',
      'create',
      '--slug',
      `clib-${region}`,
      '--name',
      'Other',
      '--region',
      region,
    );
    const admin = await ok<{ clientId: string; clientSecret: string }>(
      'apps',
      'create',
      '--tenant',
      tenantId,
      '--name',
      'Ops scripts',
      '--kind',
      'm2m',
      '--scopes',
      TENANT_ROLES.tenant_admin.join(','),
    );
    const asAdmin = idaasCli(stack, region, { tenantSlug: slug, ...admin });

    // The region learns of the new client, and the plane of the region's key for the tenant, shortly.
    await eventually(async () => (await asAdmin('webhooks', 'list', '--tenant', tenantId)).code === 0, {
      what: "the tenant admin client's first successful call",
    });
    const mine = await asAdmin(
      'webhooks',
      'create',
      '--tenant',
      tenantId,
      '--url',
      'https://hooks.example.com/ops',
      '--events',
      'idaas.user.*',
    );
    expect(mine.code).toBe(0);
    const theirs = await asAdmin('webhooks', 'list', '--tenant', other.tenantId);
    expect(theirs.code).toBe(1);
    expect(theirs.err).toMatch(/answered 404 Not Found/);
    expect(theirs.err).not.toContain(`clib-${region}`);
  });

  it('stops at a missing option with one line and exit code 2, sending nothing', async () => {
    const res = await idaas(
      'webhooks',
      'create',
      '--tenant',
      tenantId,
      '--url',
      'https://hooks.example.com/x',
    );
    expect(res.code).toBe(2);
    expect(res.err.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^idaas: --events is required \(usage: idaas webhooks create --tenant ID --url U --events/,
      ),
    ]);
    const listed = await ok<{ items: { url: string }[] }>('webhooks', 'list', '--tenant', tenantId);
    expect(listed.items.map((w) => w.url)).not.toContain('https://hooks.example.com/x');
  });
});
