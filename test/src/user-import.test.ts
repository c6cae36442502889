import { MongoClient } from 'mongodb';
import { hashPassword } from '@idaas/crypto';
import { main as startLifecycle } from '@idaas/lifecycle-service';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { idaasCli } from './support/idaas-cli';
import { env, uniqueRegion } from './support/names';
import { managementToken, startStack } from './support/stack';
import { recordUserTopic } from './support/user-topic';
import { eventually } from './support/wait';

type Stack = Awaited<ReturnType<typeof startStack>>;

interface Failure {
  line: number;
  field?: string;
  reason: string;
}
interface Job {
  importId: string;
  status: string;
  linesRead: number;
  imported: number;
  duplicates: number;
  failed: number;
  failures: Failure[];
}

const HASHED_PASSWORD = 'imported with its hash';
const CLEAR_PASSWORD = 'imported in clear text';
const lockout = { maxAttempts: 5, durationSeconds: 900 };

describe('bulk user import (NDJSON) in the lifecycle service', () => {
  const region = uniqueRegion('ui');
  const database = `import_${region}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stack: Stack;
  let lifecycle: Awaited<ReturnType<typeof startLifecycle>>;
  let topic: Awaited<ReturnType<typeof recordUserTopic>>;
  let directory: MongoUserDirectory;
  const a = { slug: `a-${region}`, id: '', writer: '', reader: '' };
  const b = { slug: `b-${region}`, id: '', writer: '' };

  async function clientToken(tenantId: string, slug: string, scopes: string[]): Promise<string> {
    const app = await stack.admin<{ clientId: string; clientSecret: string }>(
      `/admin/tenants/${tenantId}/applications`,
      'POST',
      { name: `import ${scopes.join(' ')}`, kind: 'm2m', scopes },
    );
    return eventually(
      () =>
        managementToken(stack.authentication[region]!.url, slug, app.body.clientId, app.body.clientSecret),
      { what: `a token for ${slug}` },
    );
  }

  const importPath = (tenantId: string) => `/admin/tenants/${tenantId}/users/import`;

  async function upload(
    token: string | undefined,
    tenantId: string,
    body: string,
    type = 'application/x-ndjson',
  ) {
    const res = await fetch(`${lifecycle.url}${importPath(tenantId)}`, {
      method: 'POST',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': type },
      body,
    });
    const text = await res.text();
    const lines = res.headers.get('content-type')?.startsWith('application/x-ndjson')
      ? text
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as Job)
      : [];
    return { status: res.status, location: res.headers.get('location'), lines, text };
  }

  async function get(token: string, path: string) {
    const res = await fetch(`${lifecycle.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as Job & { errors?: { field: string }[] } };
  }

  beforeAll(async () => {
    stack = await startStack([region], database);
    lifecycle = await startLifecycle({
      env: env({ REGION: region, REGIONS: region, KAFKA_TOPIC_PREFIX: `${database}.` }),
    });
    topic = await recordUserTopic(region, `${database}.`);
    await mongo.connect();
    directory = new MongoUserDirectory(mongo.db(identityDatabaseName(region)), {
      region,
      source: '/test/user-import',
    });
    a.id = await stack.createTenant(a.slug, region);
    b.id = await stack.createTenant(b.slug, region);
    a.writer = await clientToken(a.id, a.slug, ['users:read', 'users:write']);
    a.reader = await clientToken(a.id, a.slug, ['users:read']);
    b.writer = await clientToken(b.id, b.slug, ['users:read', 'users:write']);
    // The lifecycle service knows both tenants and the region's published key once these answer.
    for (const t of [a, b]) {
      await eventually(async () => (await upload(t.writer, t.id, '', 'application/json')).status === 415, {
        what: `the lifecycle service accepting tenant ${t.slug} tokens`,
      });
    }
  });

  afterAll(async () => {
    await topic?.close();
    await lifecycle?.close();
    await stack?.close();
    await mongo.close();
  });

  let job: Job;

  it('imports 1,000 lines in batches, reporting duplicates and bad lines by line number', async () => {
    // Hashed once and reused: the import must store given hashes as they are, never rehash them.
    const hash = await hashPassword(HASHED_PASSWORD);
    const lines = [
      JSON.stringify({ email: 'clear@import.test', givenName: 'Clara', password: CLEAR_PASSWORD }),
      ...Array.from({ length: 995 }, (_, i) =>
        JSON.stringify({
          email: `user${i}@import.test`,
          givenName: `Given${i}`,
          familyName: `Family${i}`,
          passwordHash: hash,
          emailVerified: true,
        }),
      ),
      JSON.stringify({ email: 'USER0@Import.test', passwordHash: hash }), // line 997: duplicate of line 2
      JSON.stringify({ email: 'not-an-email' }), // line 998
      '{"email": "broken@import.test"', // line 999
      JSON.stringify({ email: 'invitee@import.test', familyName: 'Invited' }), // line 1000
    ];
    const answer = await upload(a.writer, a.id, `${lines.join('\n')}\n`);
    expect(answer.status).toBe(202);
    const first = answer.lines[0]!;
    const last = answer.lines[answer.lines.length - 1]!;
    expect(answer.location).toBe(`/admin/tenants/${a.id}/users/imports/${first.importId}`);
    expect(first).toMatchObject({ status: 'running', linesRead: 0 });
    // One progress line per batch of 1,000 lines, then the finished job.
    expect(answer.lines.length).toBeGreaterThanOrEqual(3);
    expect(last).toMatchObject({ status: 'done', linesRead: 1000, imported: 997, duplicates: 1, failed: 2 });

    const read = await get(a.reader, answer.location!);
    expect(read.status).toBe(200);
    job = read.body;
    expect(job).toMatchObject({ status: 'done', linesRead: 1000, imported: 997, duplicates: 1, failed: 2 });
    expect(job.failures.map((f) => [f.line, f.field])).toEqual([
      [997, undefined],
      [998, 'email'],
      [999, undefined],
    ]);
    expect(job.failures[0]!.reason).toMatch(/duplicate/);
    expect(job.failures[2]!.reason).toBe('not valid JSON');
    // No personal data in the job: the reasons never repeat what the lines said.
    expect(JSON.stringify(job)).not.toMatch(/import\.test|not-an-email/);
  });

  it('imported users sign in: with the given hash, and with the password given in clear', async () => {
    const hashed = await directory.verifyPassword(a.id, 'user7@import.test', HASHED_PASSWORD, lockout);
    expect(hashed.outcome).toBe('signed_in');
    const clear = await directory.verifyPassword(a.id, 'clear@import.test', CLEAR_PASSWORD, lockout);
    expect(clear.outcome).toBe('signed_in');
    const wrong = await directory.verifyPassword(a.id, 'user8@import.test', CLEAR_PASSWORD, lockout);
    expect(wrong.outcome).toBe('refused');
    const invitee = await directory.findByEmail(a.id, 'invitee@import.test');
    expect(invitee).toMatchObject({ state: 'pending_invite', profile: { familyName: 'Invited' } });
    expect(invitee?.passwordHash).toBeUndefined();
  });

  it('a second import finds the users of the first as duplicates, and nothing of tenant A in tenant B', async () => {
    const again = [
      JSON.stringify({ email: 'clear@import.test', password: 'another one' }),
      JSON.stringify({ email: 'late@import.test' }),
    ].join('\n');
    const answer = await upload(a.writer, a.id, again);
    expect(answer.lines.at(-1)).toMatchObject({ status: 'done', linesRead: 2, imported: 1, duplicates: 1 });
    expect(answer.lines.at(-1)!.failures).toEqual([{ line: 1, reason: expect.stringMatching(/duplicate/) }]);
    // The same file in tenant B: its own users, no duplicates of A's.
    const inB = await upload(b.writer, b.id, again);
    expect(inB.lines.at(-1)).toMatchObject({ status: 'done', imported: 2, duplicates: 0 });
  });

  it('one idaas.user.registered.v1 per imported user reaches the region users topic', async () => {
    const { users } = await directory.search(a.id, {
      filter: {},
      sort: { createdAt: 1 },
      skip: 0,
      limit: 5000,
    });
    expect(users).toHaveLength(998);
    await eventually(
      async () => users.every((u) => topic.of(u.userId).some((e) => e.type === 'idaas.user.registered.v1')),
      { what: 'a registered event for every imported user', timeoutMs: 90000 },
    );
    for (const u of users) {
      // Sign-ins of the test above add their own events; registered comes once.
      const events = topic.of(u.userId).filter((e) => e.type === 'idaas.user.registered.v1');
      expect(events).toHaveLength(1);
      expect(events[0]!.data).toEqual({ userId: u.userId, status: u.state, via: 'import' });
      expect(events[0]!.tenantid).toBe(a.id);
    }
  });

  it('guards the routes: 404 across tenants, 403 without users:write, 401 without a token, 415 for JSON', async () => {
    const line = JSON.stringify({ email: 'intruder@import.test' });
    expect((await upload(b.writer, a.id, line)).status).toBe(404);
    expect((await get(b.writer, `/admin/tenants/${a.id}/users/imports/${job.importId}`)).status).toBe(404);
    // Tenant B's own path with A's import id: no such import there.
    expect((await get(b.writer, `/admin/tenants/${b.id}/users/imports/${job.importId}`)).status).toBe(404);
    expect((await upload(a.reader, a.id, line)).status).toBe(403);
    expect((await upload(undefined, a.id, line)).status).toBe(401);
    expect((await upload(a.writer, a.id, line, 'application/json')).status).toBe(415);
    const badId = await get(a.reader, `/admin/tenants/${a.id}/users/imports/not-a-uuid`);
    expect(badId.status).toBe(400);
    expect(badId.body.errors?.map((e) => e.field)).toEqual(['params.importId']);
    expect(await directory.findByEmail(a.id, 'intruder@import.test')).toBeUndefined();
  });

  it('the idaas CLI finds an imported user by email at the lifecycle service, locks and unlocks them', async () => {
    const idaas = idaasCli(stack, region, undefined, { IDAAS_LIFECYCLE_URL: lifecycle.url });
    const found = await idaas('users', 'find', '--tenant', a.id, '--email', 'Clear@Import.test');
    expect(found).toMatchObject({ code: 0, err: '' });
    const list = JSON.parse(found.out) as { totalResults: number; Resources: { id: string }[] };
    const clara = await directory.findByEmail(a.id, 'clear@import.test');
    expect(list.totalResults).toBe(1);
    expect(list.Resources[0]!.id).toBe(clara!.userId);

    const locked = await idaas('users', 'lock', '--tenant', a.id, '--user', clara!.userId);
    expect(locked.code).toBe(0);
    expect(JSON.parse(locked.out)).toMatchObject({ userId: clara!.userId, state: 'locked' });
    expect((await directory.findById(a.id, clara!.userId))!.state).toBe('locked');
    // Locking a locked user is not a step the state table has: the API's 409, and exit code 1.
    const again = await idaas('users', 'lock', '--tenant', a.id, '--user', clara!.userId);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/409/);
    expect((await idaas('users', 'unlock', '--tenant', a.id, '--user', clara!.userId)).code).toBe(0);
    expect((await directory.findById(a.id, clara!.userId))!.state).toBe('active');
    // Tenant B does not have her: the same 404 as for nobody.
    const elsewhere = await idaas('users', 'get', '--tenant', b.id, '--user', clara!.userId);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.err).toMatch(/404/);
  });
});
