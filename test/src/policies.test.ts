import { MongoClient } from 'mongodb';
import { uniqueRegion } from './support/names';
import { startStack } from './support/stack';
import { eventually } from './support/wait';

describe('policies and application groups', () => {
  const eu = uniqueRegion('pe');
  const us = uniqueRegion('pu');
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stack: Awaited<ReturnType<typeof startStack>>;
  let tenantId: string;
  let appId: string;

  beforeAll(async () => {
    await mongo.connect();
    stack = await startStack([eu, us], `mgmt_${eu}`);
    tenantId = await stack.createTenant(`pol-${eu}`, eu);
    appId = (
      await stack.admin<{ clientId: string }>(`/admin/tenants/${tenantId}/applications`, 'POST', {
        name: 'Payroll',
        kind: 'web',
        redirectUris: ['https://payroll.example/cb'],
      })
    ).body.clientId;
  });

  afterAll(async () => {
    await stack?.close();
    await mongo.close();
  });

  it('starts from the defaults and replicates a changed policy to both regions', async () => {
    const initial = await stack.admin<{ version: number; policy: { lockout: { maxAttempts: number } } }>(
      `/admin/tenants/${tenantId}/policy`,
    );
    expect(initial.body).toMatchObject({ version: 0, policy: { lockout: { maxAttempts: 5 } } });

    const saved = await stack.admin<{ version: number }>(`/admin/tenants/${tenantId}/policy`, 'PUT', {
      lockout: { maxAttempts: 3, durationSeconds: 60 },
      mfa: { mode: 'optional' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(1);
    for (const region of [eu, us]) {
      const doc = await eventually(
        async () =>
          (await mongo
            .db(`idaas_${region}_authentication`)
            .collection<{ _id: string }>('replica_policies')
            .findOne({ _id: tenantId })) ?? undefined,
        { what: `the policy in ${region}` },
      );
      expect(doc).toMatchObject({
        version: 1,
        policy: { lockout: { maxAttempts: 3, durationSeconds: 60 }, password: { minLength: 12 } },
      });
    }
  });

  it('requires MFA for a group of applications, and explains why', async () => {
    const group = await stack.admin<{ groupId: string }>(
      `/admin/tenants/${tenantId}/application-groups`,
      'POST',
      {
        name: 'finance',
        applicationIds: [appId],
        overrides: { mfa: { mode: 'required' } },
      },
    );
    expect(group.status).toBe(201);
    const explained = await stack.admin<{
      policy: { mfa: { mode: string }; lockout: { maxAttempts: number } };
      sources: Record<string, string>;
    }>(`/admin/tenants/${tenantId}/applications/${appId}/effective-policy`);
    expect(explained.body.policy.mfa.mode).toBe('required');
    expect(explained.body.policy.lockout.maxAttempts).toBe(3);
    expect(explained.body.sources).toMatchObject({
      'mfa.mode': 'group:finance',
      'lockout.maxAttempts': 'tenant',
    });
    for (const region of [eu, us]) {
      await eventually(
        async () =>
          (await mongo
            .db(`idaas_${region}_authentication`)
            .collection<{ _id: string }>('replica_application_groups')
            .findOne({ _id: group.body.groupId })) ?? undefined,
        { what: `the group in ${region}` },
      );
    }

    expect(
      (await stack.admin(`/admin/tenants/${tenantId}/application-groups/${group.body.groupId}`, 'DELETE'))
        .status,
    ).toBe(204);
    const after = await stack.admin<{ policy: { mfa: { mode: string } } }>(
      `/admin/tenants/${tenantId}/applications/${appId}/effective-policy`,
    );
    expect(after.body.policy.mfa.mode).toBe('optional');
  });

  it('changes a group in place, and every region follows', async () => {
    const groups = `/admin/tenants/${tenantId}/application-groups`;
    const created = await stack.admin<{ groupId: string }>(groups, 'POST', {
      name: 'payroll',
      applicationIds: [appId],
      overrides: { session: { idleSeconds: 600 } },
    });
    const path = `${groups}/${created.body.groupId}`;
    const replaced = await stack.admin<{ version: number; name: string }>(path, 'PUT', {
      name: 'payroll-strict',
      applicationIds: [appId],
      overrides: { mfa: { mode: 'required' } },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ name: 'payroll-strict', version: 2 });
    expect((await stack.admin(path)).body).toMatchObject({
      name: 'payroll-strict',
      overrides: { mfa: { mode: 'required' } },
    });
    const explained = await stack.admin<{ sources: Record<string, string> }>(
      `/admin/tenants/${tenantId}/applications/${appId}/effective-policy`,
    );
    expect(explained.body.sources).toMatchObject({
      'mfa.mode': 'group:payroll-strict',
      'session.idleSeconds': 'tenant',
    });
    for (const region of [eu, us]) {
      await eventually(
        async () =>
          (await mongo
            .db(`idaas_${region}_authentication`)
            .collection<{ _id: string }>('replica_application_groups')
            .findOne({ _id: created.body.groupId, version: 2, name: 'payroll-strict' })) ?? undefined,
        { what: `the changed group in ${region}` },
      );
    }

    const ghost = await stack.admin<{ errors: { field: string }[] }>(path, 'PUT', {
      name: 'x',
      applicationIds: ['00000000-0000-4000-8000-0000000000ff'],
    });
    expect(ghost.status).toBe(400);
    expect(ghost.body.errors.map((e) => e.field)).toEqual(['body.applicationIds.0']);
    expect((await stack.admin<{ version: number }>(path)).body.version).toBe(2);
    expect((await stack.admin(path, 'DELETE')).status).toBe(204);
    expect((await stack.admin(path)).status).toBe(404);
    expect((await stack.admin(path, 'PUT', { name: 'x', applicationIds: [] })).status).toBe(404);
  });

  it('refuses bad policies and groups field by field, keeping what was stored', async () => {
    const bad = await stack.admin<{ errors: { field: string }[] }>(
      `/admin/tenants/${tenantId}/policy`,
      'PUT',
      {
        lockout: { maxAttempts: 0 },
        mfa: { mode: 'sometimes' },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toEqual(['body.lockout.maxAttempts', 'body.mfa.mode']);
    const unknownApp = await stack.admin<{ errors: { field: string }[] }>(
      `/admin/tenants/${tenantId}/application-groups`,
      'POST',
      {
        name: 'ghosts',
        applicationIds: [appId, '00000000-0000-4000-8000-0000000000ff'],
      },
    );
    expect(unknownApp.status).toBe(400);
    expect(unknownApp.body.errors.map((e) => e.field)).toEqual(['body.applicationIds.1']);
    const kept = await stack.admin<{ version: number }>(`/admin/tenants/${tenantId}/policy`);
    expect(kept.body.version).toBe(1);
  });
});
