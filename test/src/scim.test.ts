import { main as startLifecycle } from '@idaas/lifecycle-service';
import { env, uniqueRegion } from './support/names';
import { managementToken, startStack } from './support/stack';
import { eventually } from './support/wait';

type Stack = Awaited<ReturnType<typeof startStack>>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

describe('SCIM 2.0 in the lifecycle service', () => {
  const region = uniqueRegion('sc');
  const database = `scim_${region}`;
  let stack: Stack;
  let lifecycle: Awaited<ReturnType<typeof startLifecycle>>;
  const a = { slug: `a-${region}`, id: '', writer: '', reader: '' };
  const b = { slug: `b-${region}`, id: '', writer: '' };

  async function clientToken(tenantId: string, slug: string, scopes: string[]): Promise<string> {
    const app = await stack.admin<{ clientId: string; clientSecret: string }>(
      `/admin/tenants/${tenantId}/applications`,
      'POST',
      {
        name: `scim ${scopes.join(' ')}`,
        kind: 'm2m',
        scopes,
      },
    );
    return eventually(
      () =>
        managementToken(stack.authentication[region]!.url, slug, app.body.clientId, app.body.clientSecret),
      {
        what: `a token for ${slug}`,
      },
    );
  }

  async function scim(
    token: string | undefined,
    path: string,
    method = 'GET',
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(`${lifecycle.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Json };
  }

  const users = (t: { id: string }) => `/scim/v2/tenants/${t.id}/Users`;
  const groups = (t: { id: string }) => `/scim/v2/tenants/${t.id}/Groups`;
  const newUser = (email: string, extra: Json = {}) => ({ schemas: [USER], userName: email, ...extra });
  const list = (filter: string, extra = '') =>
    scim(a.reader, `${users(a)}?filter=${encodeURIComponent(filter)}${extra}`);
  const names = (r: { body: Json }) =>
    (r.body.Resources as Json[]).map((u) => String(u.userName).toLowerCase()).sort();

  beforeAll(async () => {
    stack = await startStack([region], database);
    lifecycle = await startLifecycle({
      env: env({ REGION: region, REGIONS: region, KAFKA_TOPIC_PREFIX: `${database}.` }),
    });
    a.id = await stack.createTenant(a.slug, region);
    b.id = await stack.createTenant(b.slug, region);
    a.writer = await clientToken(a.id, a.slug, ['users:read', 'users:write']);
    a.reader = await clientToken(a.id, a.slug, ['users:read']);
    b.writer = await clientToken(b.id, b.slug, ['users:read', 'users:write']);
    // The lifecycle service knows the tenants and the region's published key once this answers.
    await eventually(
      async () => (await scim(a.writer, `/scim/v2/tenants/${a.id}/ServiceProviderConfig`)).status === 200,
      {
        what: 'the lifecycle service accepting tenant A tokens',
      },
    );
    await eventually(
      async () => (await scim(b.writer, `/scim/v2/tenants/${b.id}/ServiceProviderConfig`)).status === 200,
      {
        what: 'the lifecycle service accepting tenant B tokens',
      },
    );
    const seed = [
      newUser('alice@acme.test', {
        name: { givenName: 'Alice', familyName: 'Archer' },
        password: 'correct horse battery',
      }),
      newUser('bob@acme.test', { name: { givenName: 'Bob', familyName: 'Baker' } }),
      newUser('carol@other.test', {
        name: { givenName: 'Carol', familyName: 'Cole' },
        displayName: 'Carol C',
      }),
    ];
    for (const u of seed) expect((await scim(a.writer, users(a), 'POST', u)).status).toBe(201);
  });

  afterAll(async () => {
    await lifecycle?.close();
    await stack?.close();
  });

  it('creates a user: active with a password, pending an invitation without; 409 uniqueness on the same userName', async () => {
    const made = await scim(
      a.writer,
      users(a),
      'POST',
      newUser('Dave@Acme.test', { password: 'a long enough secret' }),
    );
    expect(made.status).toBe(201);
    expect(made.headers.get('content-type')).toContain('application/scim+json');
    expect(made.headers.get('etag')).toBe('W/"1"');
    expect(made.headers.get('location')).toBe(made.body.meta.location);
    expect(made.body).toMatchObject({
      schemas: [USER],
      userName: 'Dave@Acme.test',
      active: true,
      meta: { version: 'W/"1"' },
    });
    const invited = await list('userName eq "bob@acme.test"');
    expect(invited.body.Resources[0].active).toBe(false);
    const again = await scim(a.writer, users(a), 'POST', newUser('dave@acme.TEST'));
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      schemas: [ERROR],
      status: '409',
      scimType: 'uniqueness',
      detail: expect.any(String),
    });
  });

  it('answers bad input as a SCIM invalidValue naming the field', async () => {
    const bad = await scim(a.writer, users(a), 'POST', newUser('not-an-email'));
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidValue' });
    expect(bad.body.detail).toContain('body.userName');
  });

  it.each([
    ['userName eq "ALICE@acme.test"', ['alice@acme.test']],
    ['userName ne "alice@acme.test" and userName ew "acme.test"', ['bob@acme.test', 'dave@acme.test']],
    ['emails.value co "other"', ['carol@other.test']],
    ['name.familyName sw "ba"', ['bob@acme.test']],
    ['userName ew "@other.test"', ['carol@other.test']],
    ['displayName pr', ['carol@other.test']],
    ['name.givenName gt "Bob"', ['carol@other.test']],
    ['name.givenName ge "Bob"', ['bob@acme.test', 'carol@other.test']],
    ['name.givenName lt "Bob"', ['alice@acme.test']],
    ['name.givenName le "Bob"', ['alice@acme.test', 'bob@acme.test']],
    ['meta.created gt "2000-01-01T00:00:00Z" and active eq false', ['bob@acme.test', 'carol@other.test']],
    ['name.familyName eq "Cole" or name.familyName eq "Archer"', ['alice@acme.test', 'carol@other.test']],
    ['not (userName sw "a" or userName sw "d") and name.givenName pr', ['bob@acme.test', 'carol@other.test']],
    ['emails[value ew "acme.test" and not (value sw "d")]', ['alice@acme.test', 'bob@acme.test']],
  ])('filters users by %s', async (filter, expected) => {
    const r = await list(filter);
    expect(r.status).toBe(200);
    expect(names(r).map((n: string) => n.toLowerCase())).toEqual(expected);
    expect(r.body.totalResults).toBe(expected.length);
  });

  it.each([
    'userName eq',
    'userName xx "a"',
    '(userName eq "a"',
    'nickName eq "x"',
    'meta.created gt "soon"',
  ])('refuses the filter %j with a 400 invalidFilter SCIM error', async (filter) => {
    const r = await list(filter);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidFilter' });
  });

  it('pages with startIndex and count, sorts with sortBy / sortOrder', async () => {
    const first = await scim(a.reader, `${users(a)}?sortBy=userName&startIndex=1&count=2`);
    expect(first.body).toMatchObject({ totalResults: 4, startIndex: 1, itemsPerPage: 2 });
    expect(first.body.Resources.map((u: Json) => u.userName.toLowerCase())).toEqual([
      'alice@acme.test',
      'bob@acme.test',
    ]);
    const second = await scim(a.reader, `${users(a)}?sortBy=userName&startIndex=3&count=2`);
    expect(second.body.Resources.map((u: Json) => u.userName.toLowerCase())).toEqual([
      'carol@other.test',
      'dave@acme.test',
    ]);
    const desc = await scim(a.reader, `${users(a)}?sortBy=name.givenName&sortOrder=descending&count=1`);
    expect(desc.body.Resources[0].name.givenName).toBe('Carol');
    const none = await scim(a.reader, `${users(a)}?count=0`);
    expect(none.body).toMatchObject({ totalResults: 4, itemsPerPage: 0, Resources: [] });
    const only = await scim(a.reader, `${users(a)}?attributes=userName&count=1`);
    expect(Object.keys(only.body.Resources[0]).sort()).toEqual(['id', 'meta', 'schemas', 'userName']);
  });

  it('gets, replaces and PATCHes a user with ETags; a stale If-Match is 412', async () => {
    const created = await scim(
      a.writer,
      users(a),
      'POST',
      newUser('erin@acme.test', { password: 'another long secret' }),
    );
    const url = `${users(a)}/${created.body.id}`;
    const got = await scim(a.reader, url);
    expect(got.status).toBe(200);
    expect(got.body.userName).toBe('erin@acme.test');
    const replaced = await scim(
      a.writer,
      url,
      'PUT',
      newUser('erin@acme.test', { name: { givenName: 'Erin' }, locale: 'de-CH' }),
      {
        'if-match': got.headers.get('etag')!,
      },
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      name: { givenName: 'Erin' },
      locale: 'de-CH',
      meta: { version: 'W/"2"' },
    });
    const stale = await scim(
      a.writer,
      url,
      'PATCH',
      { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] },
      {
        'if-match': 'W/"1"',
      },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.schemas).toEqual([ERROR]);
    const patched = await scim(a.writer, url, 'PATCH', {
      schemas: [PATCH],
      Operations: [
        { op: 'replace', path: 'emails[type eq "work"].value', value: 'erin.new@acme.test' },
        { op: 'add', path: 'name.familyName', value: 'Evans' },
        { op: 'remove', path: 'locale' },
        { op: 'replace', path: 'active', value: false },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      userName: 'erin.new@acme.test',
      name: { givenName: 'Erin', familyName: 'Evans' },
      active: false,
    });
    expect(patched.body.locale).toBeUndefined();
    const enabled = await scim(a.writer, url, 'PATCH', {
      schemas: [PATCH],
      Operations: [{ op: 'replace', value: { active: true } }],
    });
    expect(enabled.body.active).toBe(true);
    // An invitee cannot be made active by an admin: accepting the invitation is the user's step.
    const invitee = (await list('userName eq "bob@acme.test"')).body.Resources[0];
    const refused = await scim(a.writer, `${users(a)}/${invitee.id}`, 'PATCH', {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'active', value: true }],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.scimType).toBe('mutability');
    const noTarget = await scim(a.writer, url, 'PATCH', {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'emails[type eq "home"].value', value: 'x@y.test' }],
    });
    expect(noTarget.body).toMatchObject({ status: '400', scimType: 'noTarget' });
  });

  it('deletes a user: gone from SCIM, the address free again, and out of its groups', async () => {
    const made = await scim(a.writer, users(a), 'POST', newUser('frank@acme.test'));
    const group = await scim(a.writer, groups(a), 'POST', {
      schemas: [GROUP],
      displayName: 'Leavers',
      members: [{ value: made.body.id }],
    });
    expect(group.body.members).toHaveLength(1);
    expect(
      (await scim(a.writer, `${users(a)}/${made.body.id}`, 'DELETE', undefined, { 'if-match': 'W/"9"' }))
        .status,
    ).toBe(412);
    expect((await scim(a.writer, `${users(a)}/${made.body.id}`, 'DELETE')).status).toBe(204);
    expect((await scim(a.reader, `${users(a)}/${made.body.id}`)).status).toBe(404);
    expect((await list('userName eq "frank@acme.test"')).body.totalResults).toBe(0);
    expect((await scim(a.reader, `${groups(a)}/${group.body.id}`)).body.members).toEqual([]);
    expect((await scim(a.writer, users(a), 'POST', newUser('frank@acme.test'))).status).toBe(201);
  });

  it('creates, filters, PATCHes members of, replaces and deletes groups', async () => {
    const all = (await scim(a.reader, `${users(a)}?sortBy=userName`)).body.Resources as Json[];
    const [alice, bob, carol] = all;
    const made = await scim(a.writer, groups(a), 'POST', {
      schemas: [GROUP],
      displayName: 'Finance',
      members: [{ value: alice!.id }],
    });
    expect(made.status).toBe(201);
    expect(made.headers.get('etag')).toBe('W/"1"');
    const url = `${groups(a)}/${made.body.id}`;
    expect(
      (await scim(a.writer, groups(a), 'POST', { schemas: [GROUP], displayName: 'finance' })).body.scimType,
    ).toBe('uniqueness');
    const added = await scim(a.writer, url, 'PATCH', {
      schemas: [PATCH],
      Operations: [{ op: 'add', path: 'members', value: [{ value: bob!.id }, { value: carol!.id }] }],
    });
    expect(added.body.members.map((m: Json) => m.value).sort()).toEqual(
      [alice!.id, bob!.id, carol!.id].sort(),
    );
    const removed = await scim(a.writer, url, 'PATCH', {
      schemas: [PATCH],
      Operations: [{ op: 'remove', path: `members[value eq "${alice!.id}"]` }],
    });
    expect(removed.body.members.map((m: Json) => m.value).sort()).toEqual([bob!.id, carol!.id].sort());
    const byMember = await scim(
      a.reader,
      `${groups(a)}?filter=${encodeURIComponent(`members.value eq "${bob!.id}"`)}`,
    );
    expect(byMember.body.Resources.map((g: Json) => g.displayName)).toEqual(['Finance']);
    const byName = await scim(
      a.reader,
      `${groups(a)}?filter=${encodeURIComponent('displayName eq "FINANCE"')}`,
    );
    expect(byName.body.totalResults).toBe(1);
    const foreign = await scim(b.writer, `/scim/v2/tenants/${b.id}/Users`, 'POST', newUser('zed@b.test'));
    const leak = await scim(a.writer, url, 'PATCH', {
      schemas: [PATCH],
      Operations: [{ op: 'add', path: 'members', value: [{ value: foreign.body.id }] }],
    });
    expect(leak.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    const replaced = await scim(
      a.writer,
      url,
      'PUT',
      { schemas: [GROUP], displayName: 'Treasury', members: [] },
      {
        'if-match': removed.headers.get('etag')!,
      },
    );
    expect(replaced.body).toMatchObject({ displayName: 'Treasury', members: [], meta: { version: 'W/"4"' } });
    expect(
      (await scim(a.writer, url, 'PUT', { schemas: [GROUP], displayName: 'X' }, { 'if-match': 'W/"1"' }))
        .status,
    ).toBe(412);
    expect((await scim(a.writer, url, 'DELETE')).status).toBe(204);
    expect((await scim(a.reader, url)).body).toMatchObject({ schemas: [ERROR], status: '404' });
  });

  it('serves ServiceProviderConfig, ResourceTypes and Schemas', async () => {
    const base = `/scim/v2/tenants/${a.id}`;
    const spc = await scim(a.reader, `${base}/ServiceProviderConfig`);
    expect(spc.body).toMatchObject({
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 1000 },
      etag: { supported: true },
      sort: { supported: true },
      changePassword: { supported: false },
      authenticationSchemes: [{ type: 'oauthbearertoken' }],
    });
    expect((await scim(a.reader, `${base}/ResourceTypes`)).body.Resources.map((r: Json) => r.id)).toEqual([
      'User',
      'Group',
    ]);
    expect(
      (await scim(a.reader, `${base}/Schemas/${USER}`)).body.attributes.map((x: Json) => x.name),
    ).toContain('userName');
  });

  describe('isolation on every SCIM route', () => {
    const routes = (t: { id: string }): [string, string, unknown?][] => [
      ['GET', users(t)],
      ['POST', users(t), newUser('probe@x.test')],
      ['GET', `${users(t)}/00000000-0000-4000-8000-000000000001`],
      ['PUT', `${users(t)}/00000000-0000-4000-8000-000000000001`, newUser('probe@x.test')],
      [
        'PATCH',
        `${users(t)}/00000000-0000-4000-8000-000000000001`,
        { schemas: [PATCH], Operations: [{ op: 'remove', path: 'locale' }] },
      ],
      ['DELETE', `${users(t)}/00000000-0000-4000-8000-000000000001`],
      ['GET', groups(t)],
      ['POST', groups(t), { schemas: [GROUP], displayName: 'probe' }],
      ['GET', `${groups(t)}/00000000-0000-4000-8000-000000000001`],
      [
        'PUT',
        `${groups(t)}/00000000-0000-4000-8000-000000000001`,
        { schemas: [GROUP], displayName: 'probe' },
      ],
      [
        'PATCH',
        `${groups(t)}/00000000-0000-4000-8000-000000000001`,
        { schemas: [PATCH], Operations: [{ op: 'remove', path: 'members' }] },
      ],
      ['DELETE', `${groups(t)}/00000000-0000-4000-8000-000000000001`],
      ['GET', `/scim/v2/tenants/${t.id}/ServiceProviderConfig`],
      ['GET', `/scim/v2/tenants/${t.id}/ResourceTypes`],
      ['GET', `/scim/v2/tenants/${t.id}/Schemas`],
    ];

    it('answers tenant A token on tenant B with a 404 SCIM error, and no token with 401', async () => {
      for (const [method, path, body] of routes(b)) {
        const cross = await scim(a.writer, path, method, body);
        expect({ method, path, status: cross.status, schemas: cross.body?.schemas }).toEqual({
          method,
          path,
          status: 404,
          schemas: [ERROR],
        });
        const anonymous = await scim(undefined, path, method, body);
        expect({ method, path, status: anonymous.status }).toEqual({ method, path, status: 401 });
        expect(anonymous.body.schemas).toEqual([ERROR]);
      }
    });

    it('answers a token without users:write with 403 on every write', async () => {
      for (const [method, path, body] of routes(a).filter(([m]) => m !== 'GET')) {
        const r = await scim(a.reader, path, method, body);
        expect({ method, path, status: r.status }).toEqual({ method, path, status: 403 });
      }
    });
  });
});
