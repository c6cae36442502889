import { MongoClient } from 'mongodb';
import { USER_STATES, USER_TRANSITIONS, type UserState, type UserTransition } from '@idaas/identity';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { startLifecycleStack } from './support/lifecycle';
import { uniqueRegion } from './support/names';
import { recordUserTopic } from './support/user-topic';
import { eventually } from './support/wait';

/** The admin route of each transition; the others are taken by the user (sign-up, invite, recovery). */
const ADMIN_ROUTE: Partial<Record<UserTransition, { method: string; segment: string }>> = {
  lock: { method: 'POST', segment: '/lock' },
  unlock: { method: 'POST', segment: '/unlock' },
  disable: { method: 'POST', segment: '/disable' },
  enable: { method: 'POST', segment: '/enable' },
  requirePasswordReset: { method: 'POST', segment: '/require-password-reset' },
  suspendForInactivity: { method: 'POST', segment: '/suspend' },
  reactivate: { method: 'POST', segment: '/reactivate' },
  delete: { method: 'DELETE', segment: '' },
};

/** How a user reaches each state from a fresh account, through the directory. */
const SETUP: Record<
  UserState,
  { created: 'pending_verification' | 'pending_invite' | 'active'; then?: UserTransition }
> = {
  pending_verification: { created: 'pending_verification' },
  pending_invite: { created: 'pending_invite' },
  active: { created: 'active' },
  locked: { created: 'active', then: 'lock' },
  disabled: { created: 'active', then: 'disable' },
  password_reset_required: { created: 'active', then: 'requirePasswordReset' },
  suspended: { created: 'active', then: 'suspendForInactivity' },
  deleted: { created: 'active', then: 'delete' },
};

const EVENT_OF: Partial<Record<UserTransition, string>> = {
  lock: 'idaas.user.locked.v1',
  unlock: 'idaas.user.unlocked.v1',
};

const PAIRS = Object.keys(USER_TRANSITIONS).flatMap((transition) =>
  USER_STATES.map((state) => {
    const t = transition as UserTransition;
    const legal = (USER_TRANSITIONS[t].from as readonly UserState[]).includes(state);
    return { transition: t, state, legal, to: USER_TRANSITIONS[t].to as UserState };
  }),
);

describe('user lifecycle: the admin API and the state table', () => {
  const region = uniqueRegion('ul');
  const database = `ulife_${region}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let env: Awaited<ReturnType<typeof startLifecycleStack>>;
  let topic: Awaited<ReturnType<typeof recordUserTopic>>;
  let directory: MongoUserDirectory;
  const a = { slug: `a-${region}`, id: '', writer: '', reader: '' };
  const b = { slug: `b-${region}`, id: '', writer: '' };
  let seq = 0;

  beforeAll(async () => {
    await mongo.connect();
    env = await startLifecycleStack(region, database);
    topic = await recordUserTopic(region, `${database}.`);
    directory = new MongoUserDirectory(mongo.db(identityDatabaseName(region)), {
      region,
      source: `/idaas/${region}/test`,
    });
    a.id = await env.stack.createTenant(a.slug, region);
    b.id = await env.stack.createTenant(b.slug, region);
    a.writer = await env.clientToken(a.id, a.slug, ['users:read', 'users:write']);
    a.reader = await env.clientToken(a.id, a.slug, ['users:read']);
    b.writer = await env.clientToken(b.id, b.slug, ['users:read', 'users:write']);
    await env.ready(a.id, a.writer);
    await env.ready(b.id, b.writer);
  });

  afterAll(async () => {
    await topic?.close();
    await env?.close();
    await mongo.close();
  });

  /** A user of tenant A in `state`, whose setup events have all arrived on the user topic. */
  async function userIn(state: UserState): Promise<{ userId: string; seen: number }> {
    const setup = SETUP[state];
    const user = await directory.create(a.id, {
      email: `u${++seq}@acme.test`,
      profile: { name: `User ${seq}` },
      state: setup.created,
      emailVerified: setup.created === 'active',
    });
    if (setup.then) await directory.transition(a.id, user.userId, setup.then);
    const seen = setup.then ? 2 : 1;
    await eventually(async () => topic.of(user.userId).length === seen, { what: `setup events of ${state}` });
    return { userId: user.userId, seen };
  }

  const userPath = (tenantId: string, userId: string) => `/admin/tenants/${tenantId}/users/${userId}`;

  it.each(PAIRS)('$transition from $state: legal=$legal', async ({ transition, state, legal, to }) => {
    const { userId, seen } = await userIn(state);
    const before = (await directory.findById(a.id, userId))!;
    const route = ADMIN_ROUTE[transition];
    if (route) {
      const res = await env.call(a.writer, `${userPath(a.id, userId)}${route.segment}`, route.method);
      if (!legal) {
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ status: 409, detail: expect.stringContaining(transition) });
      } else {
        expect(res.status).toBe(route.method === 'DELETE' ? 204 : 200);
        if (route.method !== 'DELETE') expect(res.body).toMatchObject({ userId, state: to });
      }
    } else if (!legal) {
      await expect(directory.transition(a.id, userId, transition)).rejects.toThrow(/cannot/);
    } else {
      await directory.transition(a.id, userId, transition);
    }
    const after = (await directory.findById(a.id, userId))!;
    if (!legal) {
      // Nothing written, so nothing can have been put in the outbox either.
      expect(after.version).toBe(before.version);
      expect(after.state).toBe(state);
      return;
    }
    expect(after.state).toBe(to);
    const events = await eventually(async () => topic.of(userId).length > seen && topic.of(userId), {
      what: `the ${transition} event`,
    });
    // Give a second event, if one were written, the time to arrive behind the first.
    await new Promise((r) => setTimeout(r, 300));
    expect(topic.of(userId)).toHaveLength(seen + 1);
    const event = events[seen]!;
    expect(event.type).toBe(EVENT_OF[transition] ?? 'idaas.user.state_changed.v1');
    if (!EVENT_OF[transition]) expect(event.data).toEqual({ userId, transition, from: state, to });
  });

  it('erases personal data on DELETE and keeps a tombstone that GET still shows', async () => {
    const { userId } = await userIn('active');
    expect((await env.call(a.writer, userPath(a.id, userId), 'DELETE')).status).toBe(204);
    const tombstone = (await directory.findById(a.id, userId))!;
    expect(tombstone).toMatchObject({ userId, state: 'deleted', email: '', profile: {} });
    expect(tombstone.passwordHash).toBeUndefined();
    const read = await env.call(a.reader, userPath(a.id, userId));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ userId, state: 'deleted' });
  });

  it('answers 404 for an unknown user, and for a user of another tenant', async () => {
    const unknown = await env.call(a.writer, `${userPath(a.id, 'no-such-user')}/lock`, 'POST');
    expect(unknown.status).toBe(404);
    const { userId } = await userIn('active');
    // Tenant B's admin, naming A's tenant or naming A's user under B: the same 404 as for nothing.
    expect((await env.call(b.writer, `${userPath(a.id, userId)}/lock`, 'POST')).status).toBe(404);
    expect((await env.call(b.writer, `${userPath(b.id, userId)}/lock`, 'POST')).status).toBe(404);
    expect((await env.call(b.writer, userPath(b.id, userId), 'DELETE')).status).toBe(404);
    expect((await directory.findById(a.id, userId))!.state).toBe('active');
  });

  it('needs users:write to change and a token at all to read', async () => {
    const { userId } = await userIn('active');
    expect((await env.call(a.reader, `${userPath(a.id, userId)}/disable`, 'POST')).status).toBe(403);
    expect((await env.call(undefined, userPath(a.id, userId))).status).toBe(401);
    expect((await env.call(a.reader, userPath(a.id, userId))).status).toBe(200);
  });
});
