import { TENANT_ROLES } from '@idaas/identity';
import { uniqueRegion } from './support/names';
import { basicAuth, managementToken, startStack } from './support/stack';
import { eventually } from './support/wait';

type Stack = Awaited<ReturnType<typeof startStack>>;

interface Endpoint {
  name: string;
  method: string;
  path: (tenantId: string, appId: string) => string;
  body?: unknown;
}

const APP = { name: 'Probe', kind: 'm2m' };
/** Routes with an id of their own are judged on the tenant before the id is looked up. */
const SOME_GROUP = '00000000-0000-4000-8000-00000000a001';
/** One real webhook subscription per tenant (made in beforeAll), so cross-tenant calls aim at one that exists. */
const webhookOf: Record<string, string> = {};
const WEBHOOK = { url: 'http://127.0.0.1:9/hooks', eventTypes: ['idaas.user.*'] };
/** The API resource and role created in each tenant, so cross-tenant probes hit real ones. */
const accessOf: Record<string, { api: string; role: string }> = {};
const API_RESOURCE = {
  name: 'probe',
  audience: 'https://probe.example/api',
  displayName: 'Probe',
  actions: [{ name: 'read' }],
};
const ROLE = { name: 'prober', permissions: ['probe:read'] };

/** Every admin endpoint that acts on one tenant. */
const TENANT_ENDPOINTS: Endpoint[] = [
  { name: 'read tenant', method: 'GET', path: (t) => `/admin/tenants/${t}` },
  {
    name: 'rename tenant',
    method: 'PATCH',
    path: (t) => `/admin/tenants/${t}`,
    body: { displayName: 'Pwned' },
  },
  { name: 'suspend tenant', method: 'POST', path: (t) => `/admin/tenants/${t}/suspend` },
  { name: 'resume tenant', method: 'POST', path: (t) => `/admin/tenants/${t}/resume` },
  { name: 'delete tenant', method: 'DELETE', path: (t) => `/admin/tenants/${t}` },
  {
    name: 'register application',
    method: 'POST',
    path: (t) => `/admin/tenants/${t}/applications`,
    body: APP,
  },
  { name: 'list applications', method: 'GET', path: (t) => `/admin/tenants/${t}/applications` },
  { name: 'read application', method: 'GET', path: (t, a) => `/admin/tenants/${t}/applications/${a}` },
  {
    name: 'replace application',
    method: 'PUT',
    path: (t, a) => `/admin/tenants/${t}/applications/${a}`,
    body: APP,
  },
  {
    name: 'rotate secret',
    method: 'POST',
    path: (t, a) => `/admin/tenants/${t}/applications/${a}/secret`,
    body: {},
  },
  { name: 'delete application', method: 'DELETE', path: (t, a) => `/admin/tenants/${t}/applications/${a}` },
  { name: 'read policy', method: 'GET', path: (t) => `/admin/tenants/${t}/policy` },
  {
    name: 'replace policy',
    method: 'PUT',
    path: (t) => `/admin/tenants/${t}/policy`,
    body: { mfa: { mode: 'off' } },
  },
  {
    name: 'create application group',
    method: 'POST',
    path: (t) => `/admin/tenants/${t}/application-groups`,
    body: { name: 'g', applicationIds: [] },
  },
  { name: 'list application groups', method: 'GET', path: (t) => `/admin/tenants/${t}/application-groups` },
  {
    name: 'read application group',
    method: 'GET',
    path: (t) => `/admin/tenants/${t}/application-groups/${SOME_GROUP}`,
  },
  {
    name: 'replace application group',
    method: 'PUT',
    path: (t) => `/admin/tenants/${t}/application-groups/${SOME_GROUP}`,
    body: { name: 'g', applicationIds: [] },
  },
  {
    name: 'delete application group',
    method: 'DELETE',
    path: (t) => `/admin/tenants/${t}/application-groups/${SOME_GROUP}`,
  },
  {
    name: 'explain effective policy',
    method: 'GET',
    path: (t, a) => `/admin/tenants/${t}/applications/${a}/effective-policy`,
  },
  {
    name: "read an application's policy overrides",
    method: 'GET',
    path: (t, a) => `/admin/tenants/${t}/applications/${a}/policy-overrides`,
  },
  {
    name: "replace an application's policy overrides",
    method: 'PUT',
    path: (t, a) => `/admin/tenants/${t}/applications/${a}/policy-overrides`,
    body: { mfa: { mode: 'off' } },
  },
  { name: 'read branding', method: 'GET', path: (t) => `/admin/tenants/${t}/branding` },
  {
    name: 'replace branding',
    method: 'PUT',
    path: (t) => `/admin/tenants/${t}/branding`,
    body: { productName: 'Pwned' },
  },
  { name: 'list templates', method: 'GET', path: (t) => `/admin/tenants/${t}/templates` },
  { name: 'read template', method: 'GET', path: (t) => `/admin/tenants/${t}/templates/welcome/en` },
  {
    name: 'save template',
    method: 'PUT',
    path: (t) => `/admin/tenants/${t}/templates/welcome/en`,
    body: { subject: 'Pwned', html: '<p>Pwned</p>', text: 'Pwned' },
  },
  { name: 'delete template', method: 'DELETE', path: (t) => `/admin/tenants/${t}/templates/welcome/en` },
  {
    name: 'preview template',
    method: 'POST',
    path: (t) => `/admin/tenants/${t}/templates/welcome/en/preview`,
    body: {},
  },
  { name: 'create webhook', method: 'POST', path: (t) => `/admin/tenants/${t}/webhooks`, body: WEBHOOK },
  { name: 'list webhooks', method: 'GET', path: (t) => `/admin/tenants/${t}/webhooks` },
  { name: 'read webhook', method: 'GET', path: (t) => `/admin/tenants/${t}/webhooks/${webhookOf[t]}` },
  {
    name: 'replace webhook',
    method: 'PUT',
    path: (t) => `/admin/tenants/${t}/webhooks/${webhookOf[t]}`,
    body: { ...WEBHOOK, enabled: false },
  },
  {
    name: 'rotate webhook secret',
    method: 'POST',
    path: (t) => `/admin/tenants/${t}/webhooks/${webhookOf[t]}/secret`,
    body: {},
  },
  { name: 'delete webhook', method: 'DELETE', path: (t) => `/admin/tenants/${t}/webhooks/${webhookOf[t]}` },
  {
    name: 'create API resource',
    method: 'POST',
    path: (t) => `/admin/tenants/${t}/api-resources`,
    body: { ...API_RESOURCE, name: 'other', audience: 'https://other.example/api' },
  },
  { name: 'list API resources', method: 'GET', path: (t) => `/admin/tenants/${t}/api-resources` },
  {
    name: 'read API resource',
    method: 'GET',
    path: (t) => `/admin/tenants/${t}/api-resources/${accessOf[t]?.api}`,
  },
  {
    name: 'replace API resource',
    method: 'PUT',
    path: (t) => `/admin/tenants/${t}/api-resources/${accessOf[t]?.api}`,
    body: { ...API_RESOURCE, displayName: 'Pwned' },
  },
  {
    name: 'delete API resource',
    method: 'DELETE',
    path: (t) => `/admin/tenants/${t}/api-resources/${accessOf[t]?.api}`,
  },
  {
    name: 'create role',
    method: 'POST',
    path: (t) => `/admin/tenants/${t}/roles`,
    body: { ...ROLE, name: 'another' },
  },
  { name: 'list roles', method: 'GET', path: (t) => `/admin/tenants/${t}/roles` },
  { name: 'read role', method: 'GET', path: (t) => `/admin/tenants/${t}/roles/${accessOf[t]?.role}` },
  {
    name: 'replace role',
    method: 'PUT',
    path: (t) => `/admin/tenants/${t}/roles/${accessOf[t]?.role}`,
    body: { ...ROLE, description: 'Pwned' },
  },
  { name: 'delete role', method: 'DELETE', path: (t) => `/admin/tenants/${t}/roles/${accessOf[t]?.role}` },
  {
    name: 'read role assignments',
    method: 'GET',
    path: (t) => `/admin/tenants/${t}/roles/${accessOf[t]?.role}/assignments`,
  },
  {
    name: 'replace role assignments',
    method: 'PUT',
    path: (t) => `/admin/tenants/${t}/roles/${accessOf[t]?.role}/assignments`,
    body: { users: ['intruder'] },
  },
];

/** Platform endpoints: no tenant in the path. */
const PLATFORM_ENDPOINTS: Endpoint[] = [
  {
    name: 'create tenant',
    method: 'POST',
    path: () => '/admin/tenants',
    body: { slug: 'sneaky', displayName: 'x', homeRegion: 'x' },
  },
  { name: 'list tenants', method: 'GET', path: () => '/admin/tenants' },
];

describe('admin API authorization matrix', () => {
  const region = uniqueRegion('az');
  let stack: Stack;
  const a = { slug: `a-${region}`, id: '', appId: '', admin: '', reader: '' };
  const b = { slug: `b-${region}`, id: '', appId: '' };

  async function clientToken(
    tenantId: string,
    slug: string,
    scopes: string[],
    resource = true,
  ): Promise<string> {
    const app = await stack.admin<{ clientId: string; clientSecret: string }>(
      `/admin/tenants/${tenantId}/applications`,
      'POST',
      {
        name: `client ${scopes.join(' ')}`,
        kind: 'm2m',
        scopes,
      },
    );
    const regionUrl = stack.authentication[region]!.url;
    return eventually(
      async () => {
        if (resource) return managementToken(regionUrl, slug, app.body.clientId, app.body.clientSecret);
        const res = await fetch(`${regionUrl}/t/${slug}/oauth2/token`, {
          method: 'POST',
          headers: {
            authorization: basicAuth(app.body.clientId, app.body.clientSecret),
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ grant_type: 'client_credentials' }),
        });
        return res.ok ? ((await res.json()) as { access_token: string }).access_token : undefined;
      },
      { what: `a token for ${slug}` },
    );
  }

  beforeAll(async () => {
    stack = await startStack([region], `mgmt_${region}`);
    a.id = await stack.createTenant(a.slug, region);
    b.id = await stack.createTenant(b.slug, region);
    a.appId = (
      await stack.admin<{ clientId: string }>(`/admin/tenants/${a.id}/applications`, 'POST', APP)
    ).body.clientId;
    b.appId = (
      await stack.admin<{ clientId: string }>(`/admin/tenants/${b.id}/applications`, 'POST', APP)
    ).body.clientId;
    for (const t of [a.id, b.id])
      webhookOf[t] = (
        await stack.admin<{ webhookId: string }>(`/admin/tenants/${t}/webhooks`, 'POST', WEBHOOK)
      ).body.webhookId;
    for (const t of [a.id, b.id]) {
      const api = await stack.admin<{ resourceId: string }>(
        `/admin/tenants/${t}/api-resources`,
        'POST',
        API_RESOURCE,
      );
      const role = await stack.admin<{ roleId: string }>(`/admin/tenants/${t}/roles`, 'POST', ROLE);
      accessOf[t] = { api: api.body.resourceId, role: role.body.roleId };
    }
    a.admin = await clientToken(a.id, a.slug, [...TENANT_ROLES.tenant_admin]);
    a.reader = await clientToken(a.id, a.slug, ['applications:read']);
    // The key of tenant A must be known to the management plane before A's tokens can be judged.
    await eventually(async () => (await stack.call(a.admin, `/admin/tenants/${a.id}`)).status === 200, {
      what: 'A key',
    });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it.each(TENANT_ENDPOINTS.map((e) => [e.name, e] as const))(
    "answers 404 when tenant A's admin does %s of tenant B",
    async (_n, e) => {
      const res = await stack.call(a.admin, e.path(b.id, b.appId), e.method, e.body);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain(b.slug);
      expect(res.text).not.toContain(b.appId);
    },
  );

  it('left tenant B untouched', async () => {
    const tenant = await stack.admin<{ status: string; displayName: string; version: number }>(
      `/admin/tenants/${b.id}`,
    );
    expect(tenant.body).toMatchObject({ status: 'active', displayName: b.slug, version: 1 });
    expect((await stack.admin(`/admin/tenants/${b.id}/applications/${b.appId}`)).status).toBe(200);
    expect((await stack.admin(`/admin/tenants/${b.id}/branding`)).body).toMatchObject({ version: 0 });
    const webhook = await stack.admin(`/admin/tenants/${b.id}/webhooks/${webhookOf[b.id]}`);
    expect(webhook.body).toMatchObject({ enabled: true, version: 1, secrets: [expect.any(Object)] });
    const api = await stack.admin(`/admin/tenants/${b.id}/api-resources/${accessOf[b.id]?.api}`);
    expect(api.body).toMatchObject({ displayName: 'Probe', version: 1 });
    const role = await stack.admin(`/admin/tenants/${b.id}/roles/${accessOf[b.id]?.role}/assignments`);
    expect(role.body).toMatchObject({ users: [], version: 1 });
  });

  it.each(
    TENANT_ENDPOINTS.filter((e) => e.name !== 'list applications' && e.name !== 'read application').map(
      (e) => [e.name, e] as const,
    ),
  )('answers 403 when a token of tenant A without the permission tries to %s', async (_n, e) => {
    const res = await stack.call(a.reader, e.path(a.id, a.appId), e.method, e.body);
    expect(res.status).toBe(403);
  });

  it.each(PLATFORM_ENDPOINTS.map((e) => [e.name, e] as const))(
    'answers 403 when a tenant admin tries to %s',
    async (_n, e) => {
      expect((await stack.call(a.admin, e.path('', ''), e.method, e.body)).status).toBe(403);
    },
  );

  it("lets tenant A's admin brand its own tenant", async () => {
    const saved = await stack.call(a.admin, `/admin/tenants/${a.id}/branding`, 'PUT', { productName: 'A' });
    expect(saved.status).toBe(200);
  });

  it('lets tenant A manage its own applications', async () => {
    expect((await stack.call(a.reader, `/admin/tenants/${a.id}/applications/${a.appId}`)).status).toBe(200);
    const created = await stack.call(a.admin, `/admin/tenants/${a.id}/applications`, 'POST', APP);
    expect(created.status).toBe(201);
  });

  it('covers every admin endpoint the management plane documents', async () => {
    const doc = (await (await fetch(`${stack.tenant.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const listed = [...TENANT_ENDPOINTS, ...PLATFORM_ENDPOINTS].map((e) => ({
      method: e.method,
      path: e.path(a.id, a.appId),
    }));
    const unlisted: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (!path.startsWith('/admin/')) continue;
      const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
        if (!listed.some((e) => e.method === method && pattern.test(e.path)))
          unlisted.push(`${method} ${path}`);
      }
    }
    expect(unlisted).toEqual([]);
    expect(listed.length).toBeGreaterThan(40);
  });

  describe('tokens that are not valid for the admin API', () => {
    const bad: [string, () => Promise<string | undefined>][] = [
      ['no token', async () => undefined],
      ['a malformed token', async () => 'not.a.jwt'],
      ['a token with a broken signature', async () => `${a.admin.slice(0, -6)}AAAAAA`],
      [
        'a token whose claims were edited',
        async () => {
          const [h, p, s] = a.admin.split('.');
          const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
          const forged = Buffer.from(JSON.stringify({ ...claims, tenant: b.id, exp: 4102444800 })).toString(
            'base64url',
          );
          return `${h}.${forged}.${s}`;
        },
      ],
      [
        'an alg:none token',
        async () => {
          const [h, p] = a.admin.split('.');
          const header = { ...JSON.parse(Buffer.from(h!, 'base64url').toString()), alg: 'none' };
          return `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${p}.`;
        },
      ],
      [
        'a token for another audience',
        () => clientToken(a.id, a.slug, [...TENANT_ROLES.tenant_admin], false),
      ],
    ];
    it.each(bad)('answers 401 to %s, on every endpoint', async (_n, make) => {
      const token = await make();
      for (const e of [...TENANT_ENDPOINTS, ...PLATFORM_ENDPOINTS]) {
        const res = await stack.call(token, e.path(a.id, a.appId), e.method, e.body);
        expect({ endpoint: e.name, status: res.status }).toEqual({ endpoint: e.name, status: 401 });
        expect(res.text).not.toContain(a.appId);
      }
    });
  });
});
