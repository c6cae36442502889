import { MongoClient } from 'mongodb';
import { identityDatabaseName, MongoUserDirectory, USERS } from '@idaas/user-store';
import { startLifecycleStack } from './support/lifecycle';
import { uniqueRegion } from './support/names';
import { recordUserTopic } from './support/user-topic';
import { eventually } from './support/wait';

const DAY_MS = 24 * 3600 * 1000;

describe('idle suspension: the policy knob, the periodic job, reactivation by an admin', () => {
  const region = uniqueRegion('idle');
  const database = `idle_${region}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  // The lifecycle service's clock: the suite moves it forward instead of waiting a month.
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);
  let env: Awaited<ReturnType<typeof startLifecycleStack>>;
  let topic: Awaited<ReturnType<typeof recordUserTopic>>;
  let users: MongoUserDirectory;
  const a = { slug: `a-${region}`, id: '', writer: '' };
  const b = { slug: `b-${region}`, id: '' };

  beforeAll(async () => {
    await mongo.connect();
    env = await startLifecycleStack(region, database, { IDLE_SUSPENSION_INTERVAL_SECONDS: '1' }, clock);
    topic = await recordUserTopic(region, `${database}.`);
    users = new MongoUserDirectory(mongo.db(identityDatabaseName(region)), {
      region,
      source: `/idaas/${region}/test`,
    });
    a.id = await env.stack.createTenant(a.slug, region);
    b.id = await env.stack.createTenant(b.slug, region);
    a.writer = await env.clientToken(a.id, a.slug, ['users:read', 'users:write']);
    await env.ready(a.id, a.writer);
  });

  afterAll(async () => {
    await topic?.close();
    await env?.close();
    await mongo.close();
  });

  it('rejects a negative knob, naming the field', async () => {
    const bad = await env.stack.admin<{ errors: { field: string }[] }>(
      `/admin/tenants/${a.id}/policy`,
      'PUT',
      {
        lifecycle: { idleSuspensionDays: -1 },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ field: 'body.lifecycle.idleSuspensionDays' }),
    ]);
  });

  it('suspends only active users idle past the policy, once, and an admin reactivation sticks', async () => {
    const saved = await env.stack.admin(`/admin/tenants/${a.id}/policy`, 'PUT', {
      lifecycle: { idleSuspensionDays: 30 },
    });
    expect(saved.status).toBe(200);
    const make = (tenantId: string, email: string, state: 'active' | 'pending_invite' = 'active') =>
      users.create(tenantId, { email, state, emailVerified: true });
    const idle = await make(a.id, 'idle@acme.test');
    const recent = await make(a.id, 'recent@acme.test');
    const invited = await make(a.id, 'invited@acme.test', 'pending_invite');
    const disabled = await make(a.id, 'disabled@acme.test');
    await users.transition(a.id, disabled.userId, 'disable');
    const otherTenant = await make(b.id, 'idle@other.test');
    // Signed in yesterday as the service's clock will see it: a month from now.
    await mongo
      .db(identityDatabaseName(region))
      .collection(USERS)
      .updateOne(
        { _id: recent.userId as never },
        { $set: { lastSignInAt: new Date(Date.now() + 30 * DAY_MS) } },
      );

    offsetMs = 31 * DAY_MS;
    await eventually(async () => (await users.findById(a.id, idle.userId))!.state === 'suspended', {
      what: 'the idle user suspended',
    });
    // A few more sweeps run; nothing else changes and the idle user is suspended once.
    await new Promise((r) => setTimeout(r, 2500));
    expect((await users.findById(a.id, recent.userId))!.state).toBe('active');
    expect((await users.findById(a.id, invited.userId))!.state).toBe('pending_invite');
    expect((await users.findById(a.id, disabled.userId))!.state).toBe('disabled');
    expect((await users.findById(b.id, otherTenant.userId))!.state).toBe('active');
    const suspensions = await eventually(
      async () => {
        const seen = topic
          .of(idle.userId)
          .filter((e) => (e.data as { transition?: string }).transition === 'suspendForInactivity');
        return seen.length > 0 && seen;
      },
      { what: 'the suspension event' },
    );
    expect(suspensions).toHaveLength(1);
    expect(suspensions[0]!.data).toEqual({
      userId: idle.userId,
      transition: 'suspendForInactivity',
      from: 'active',
      to: 'suspended',
    });

    // Back to the present for the admin's token (its expiry is checked with the service's clock).
    offsetMs = 0;
    const back = await env.call(a.writer, `/admin/tenants/${a.id}/users/${idle.userId}/reactivate`, 'POST');
    expect(back.status).toBe(200);
    expect(back.body.state).toBe('active');
    // The reactivation restarts the count: 29 days later the user is still active...
    offsetMs = 29 * DAY_MS;
    await new Promise((r) => setTimeout(r, 2500));
    expect((await users.findById(a.id, idle.userId))!.state).toBe('active');
    // ...and past 30 days without a sign-in they are suspended again.
    offsetMs = 31 * DAY_MS;
    await eventually(async () => (await users.findById(a.id, idle.userId))!.state === 'suspended', {
      what: 'the user suspended again',
    });
  });
});
