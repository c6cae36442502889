import { createRemoteJWKSet, jwtVerify } from 'jose';
import { uniqueRegion } from './support/names';
import { basicAuth, startStack } from './support/stack';
import { eventually } from './support/wait';

type Stack = Awaited<ReturnType<typeof startStack>>;
interface Problem {
  detail: string;
  errors?: { field: string }[];
}

const AUDIENCE = 'https://api.example/invoices';

describe("tenants' own APIs and roles, carried in application tokens", () => {
  const eu = uniqueRegion('re');
  const us = uniqueRegion('ru');
  const slug = `roles-${eu}`;
  let stack: Stack;
  let tenantId: string;
  let otherTenantId: string;
  let client: { clientId: string; clientSecret: string };
  let apiId: string;
  let roleId: string;

  const tokenAt = async (region: string, body: Record<string, string>) => {
    const res = await fetch(`${stack.authentication[region]!.url}/t/${slug}/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: basicAuth(client.clientId, client.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', ...body }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, string> };
  };

  beforeAll(async () => {
    stack = await startStack([eu, us], `mgmt_${eu}`);
    tenantId = await stack.createTenant(slug, eu);
    otherTenantId = await stack.createTenant(`roles-other-${eu}`, us);
    const app = await stack.admin<{ clientId: string; clientSecret: string }>(
      `/admin/tenants/${tenantId}/applications`,
      'POST',
      { name: 'Invoice approver job', kind: 'm2m' },
    );
    expect(app.status).toBe(201);
    client = app.body;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('defines an API and a role, and refuses bad input field by field', async () => {
    const api = await stack.admin<{ resourceId: string; version: number }>(
      `/admin/tenants/${tenantId}/api-resources`,
      'POST',
      {
        name: 'invoices',
        audience: AUDIENCE,
        displayName: 'Invoices',
        actions: [{ name: 'read', description: 'See invoices' }, { name: 'approve' }],
      },
    );
    expect(api.status).toBe(201);
    expect(api.body.version).toBe(1);
    apiId = api.body.resourceId;

    const bad = await stack.admin<Problem>(`/admin/tenants/${tenantId}/api-resources`, 'POST', {
      name: 'Bad Name',
      audience: 'urn:idaas:management',
      displayName: 'x',
      actions: [],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.field)).toEqual(['body.name', 'body.actions']);
    const reserved = await stack.admin<Problem>(`/admin/tenants/${tenantId}/api-resources`, 'POST', {
      name: 'sneaky',
      audience: 'urn:idaas:management',
      displayName: 'x',
      actions: [{ name: 'read' }, { name: 'read' }],
    });
    expect(reserved.status).toBe(400);
    expect(reserved.body.errors?.map((e) => e.field)).toEqual(['body.audience', 'body.actions.1.name']);

    const sameName = await stack.admin(`/admin/tenants/${tenantId}/api-resources`, 'POST', {
      name: 'invoices',
      audience: 'https://api.example/other',
      displayName: 'Again',
      actions: [{ name: 'read' }],
    });
    expect(sameName.status).toBe(409);
    const sameAudience = await stack.admin(`/admin/tenants/${tenantId}/api-resources`, 'POST', {
      name: 'bills',
      audience: AUDIENCE,
      displayName: 'Bills',
      actions: [{ name: 'read' }],
    });
    expect(sameAudience.status).toBe(409);
    // Names are unique per tenant, not across tenants.
    const elsewhere = await stack.admin(`/admin/tenants/${otherTenantId}/api-resources`, 'POST', {
      name: 'invoices',
      audience: AUDIENCE,
      displayName: 'Invoices of another tenant',
      actions: [{ name: 'read' }],
    });
    expect(elsewhere.status).toBe(201);

    const unknownPermission = await stack.admin<Problem>(`/admin/tenants/${tenantId}/roles`, 'POST', {
      name: 'approver',
      permissions: ['invoices:approve', 'invoices:delete'],
    });
    expect(unknownPermission.status).toBe(400);
    expect(unknownPermission.body.errors?.map((e) => e.field)).toEqual(['body.permissions.1']);

    const role = await stack.admin<{ roleId: string; permissions: string[] }>(
      `/admin/tenants/${tenantId}/roles`,
      'POST',
      { name: 'approver', description: 'Approves invoices', permissions: ['invoices:approve'] },
    );
    expect(role.status).toBe(201);
    roleId = role.body.roleId;
    expect(
      (
        await stack.admin(`/admin/tenants/${tenantId}/roles`, 'POST', {
          name: 'approver',
          permissions: [],
        })
      ).status,
    ).toBe(409);
  });

  it('refuses to drop an API or an action a role still uses, naming the role', async () => {
    const dropApprove = await stack.admin<Problem>(
      `/admin/tenants/${tenantId}/api-resources/${apiId}`,
      'PUT',
      {
        name: 'invoices',
        audience: AUDIENCE,
        displayName: 'Invoices',
        actions: [{ name: 'read' }],
      },
    );
    expect(dropApprove.status).toBe(409);
    expect(dropApprove.body.detail).toContain('approver');
    const deleted = await stack.admin<Problem>(`/admin/tenants/${tenantId}/api-resources/${apiId}`, 'DELETE');
    expect(deleted.status).toBe(409);
    expect(deleted.body.detail).toContain('approver');
    const kept = await stack.admin<{ actions: { name: string }[]; version: number }>(
      `/admin/tenants/${tenantId}/api-resources/${apiId}`,
    );
    expect(kept.body).toMatchObject({ version: 1, actions: [{ name: 'read' }, { name: 'approve' }] });
  });

  it('assigns only applications of this tenant', async () => {
    const foreignApp = await stack.admin<{ clientId: string }>(
      `/admin/tenants/${otherTenantId}/applications`,
      'POST',
      { name: 'Not yours', kind: 'm2m' },
    );
    const res = await stack.admin<Problem>(`/admin/tenants/${tenantId}/roles/${roleId}/assignments`, 'PUT', {
      users: ['user-1'],
      applications: [client.clientId, foreignApp.body.clientId],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.field)).toEqual(['body.applications.1']);
  });

  it('gives the assigned application a token for the API in both regions, with its permission as scope', async () => {
    const assigned = await stack.admin(`/admin/tenants/${tenantId}/roles/${roleId}/assignments`, 'PUT', {
      users: ['user-1'],
      groups: ['finance'],
      applications: [client.clientId],
    });
    expect(assigned.status).toBe(200);
    expect((await stack.admin(`/admin/tenants/${tenantId}/roles/${roleId}/assignments`)).body).toMatchObject({
      users: ['user-1'],
      groups: ['finance'],
      applications: [client.clientId],
    });

    for (const region of [eu, us]) {
      const issued = await eventually(
        async () => {
          const r = await tokenAt(region, { resource: AUDIENCE });
          return r.status === 200 ? r.body : undefined;
        },
        { what: `a token for the invoices API in ${region}` },
      );
      expect(issued.scope).toBe('invoices:approve');
      const issuer = `${stack.authentication[region]!.url}/t/${slug}`;
      const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
      const { payload } = await jwtVerify(issued.access_token!, jwks, {
        issuer,
        audience: AUDIENCE,
        typ: 'at+jwt',
      });
      expect(payload).toMatchObject({
        scope: 'invoices:approve',
        client_id: client.clientId,
        sub: client.clientId,
      });

      const asked = await tokenAt(region, { resource: AUDIENCE, scope: 'invoices:approve' });
      expect(asked.status).toBe(200);
      const notHeld = await tokenAt(region, { resource: AUDIENCE, scope: 'invoices:read' });
      expect(notHeld).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_scope' }) });
      const unknown = await tokenAt(region, { resource: 'https://api.example/unknown' });
      expect(unknown).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_target' }) });
    }
  });

  it('keeps tokens without a resource exactly as before', async () => {
    const plain = await tokenAt(eu, {});
    expect(plain.status).toBe(200);
    expect(plain.body.scope).toBe('');
  });

  it('stops granting the permission once the assignment is removed, then lets the API go', async () => {
    const removed = await stack.admin(`/admin/tenants/${tenantId}/roles/${roleId}/assignments`, 'PUT', {
      users: [],
      groups: [],
      applications: [],
    });
    expect(removed.status).toBe(200);
    for (const region of [eu, us]) {
      await eventually(
        async () => {
          const r = await tokenAt(region, { resource: AUDIENCE, scope: 'invoices:approve' });
          return r.status === 400 && r.body.error === 'invalid_scope';
        },
        { what: `${region} to stop granting invoices:approve` },
      );
    }
    expect((await stack.admin(`/admin/tenants/${tenantId}/roles/${roleId}`, 'DELETE')).status).toBe(204);
    expect((await stack.admin(`/admin/tenants/${tenantId}/roles/${roleId}`)).status).toBe(404);
    expect((await stack.admin(`/admin/tenants/${tenantId}/api-resources/${apiId}`, 'DELETE')).status).toBe(
      204,
    );
    await eventually(
      async () => (await tokenAt(us, { resource: AUDIENCE })).body.error === 'invalid_target',
      { what: 'us to forget the deleted API' },
    );
  });
});
