import { relyingParty, signIn, type RelyingParty } from './support/code-flow';
import { startLifecycleStack, type Json } from './support/lifecycle';
import { uniqueRegion } from './support/names';
import { eventually } from './support/wait';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const PASSWORD = 'finance team passphrase 42';

describe('roles assigned to a SCIM group reach its members’ tokens', () => {
  const region = uniqueRegion('gr');
  const database = `grouproles_${region}`;
  let env_: Awaited<ReturnType<typeof startLifecycleStack>>;
  const a = { slug: `a-${region}`, id: '', writer: '' };
  const b = { slug: `b-${region}`, id: '', writer: '' };
  let roleId: string;

  const scim = async (token: string, path: string, method = 'GET', body?: unknown) => {
    const res = await fetch(`${env_.lifecycle.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };
  const scimUser = async (t: typeof a, email: string): Promise<string> => {
    const made = await scim(t.writer, `/scim/v2/tenants/${t.id}/Users`, 'POST', {
      schemas: [USER],
      userName: email,
      password: PASSWORD,
    });
    expect(made.status).toBe(201);
    return String(made.body.id);
  };
  const scimGroup = async (t: typeof a, displayName: string, members: string[]): Promise<string> => {
    const made = await scim(t.writer, `/scim/v2/tenants/${t.id}/Groups`, 'POST', {
      schemas: [GROUP],
      displayName,
      members: members.map((value) => ({ value })),
    });
    expect(made.status).toBe(201);
    return String(made.body.id);
  };
  const assign = async (groups: string[]) => {
    const res = await env_.stack.admin(`/admin/tenants/${a.id}/roles/${roleId}/assignments`, 'PUT', {
      groups,
    });
    expect(res.status).toBe(200);
  };
  /** A fresh sign-in's ID token claims and UserInfo answer. */
  const signedIn = async (rp: RelyingParty, email: string) => {
    const { tokens } = await signIn(rp, { email, password: PASSWORD });
    const info = await fetch(`${rp.issuer}/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(info.status).toBe(200);
    return { idToken: tokens.claims() as Json, userinfo: (await info.json()) as Json };
  };

  beforeAll(async () => {
    env_ = await startLifecycleStack(region, database);
    a.id = await env_.stack.createTenant(a.slug, region);
    b.id = await env_.stack.createTenant(b.slug, region);
    a.writer = await env_.clientToken(a.id, a.slug, ['users:read', 'users:write']);
    b.writer = await env_.clientToken(b.id, b.slug, ['users:read', 'users:write']);
    await env_.ready(a.id, a.writer);
    await env_.ready(b.id, b.writer);

    const api = await env_.stack.admin(`/admin/tenants/${a.id}/api-resources`, 'POST', {
      name: 'invoices',
      audience: 'https://api.example/invoices',
      displayName: 'Invoices',
      actions: [{ name: 'approve' }],
    });
    expect(api.status).toBe(201);
    const role = await env_.stack.admin<{ roleId: string }>(`/admin/tenants/${a.id}/roles`, 'POST', {
      name: 'approver',
      permissions: ['invoices:approve'],
    });
    expect(role.status).toBe(201);
    roleId = role.body.roleId;
  });

  afterAll(async () => {
    await env_?.close();
  });

  it('grants a member the group’s role in the ID token and UserInfo, and stops once they leave the group', async () => {
    const rp = await relyingParty(env_.stack, region, a.slug, a.id);
    const alice = await scimUser(a, 'alice@a.test');
    const finance = await scimGroup(a, 'Finance', []);
    await assign([finance]);

    // Before she joins, the role is assigned but not hers.
    expect((await signedIn(rp, 'alice@a.test')).idToken.roles).toBeUndefined();

    const joined = await scim(a.writer, `/scim/v2/tenants/${a.id}/Groups/${finance}`, 'PATCH', {
      schemas: [PATCH],
      Operations: [{ op: 'add', path: 'members', value: [{ value: alice }] }],
    });
    expect(joined.status).toBe(200);
    const member = await eventually(
      async () => {
        const s = await signedIn(rp, 'alice@a.test');
        return Array.isArray(s.idToken.roles) ? s : undefined;
      },
      { what: 'the group’s role in a new ID token' },
    );
    expect(member.idToken).toMatchObject({
      sub: alice,
      roles: ['approver'],
      permissions: ['invoices:approve'],
    });
    expect(member.userinfo).toMatchObject({
      sub: alice,
      roles: ['approver'],
      permissions: ['invoices:approve'],
    });

    const left = await scim(a.writer, `/scim/v2/tenants/${a.id}/Groups/${finance}`, 'PATCH', {
      schemas: [PATCH],
      Operations: [{ op: 'remove', path: `members[value eq "${alice}"]` }],
    });
    expect(left.status).toBe(200);
    const gone = await eventually(
      async () => {
        const s = await signedIn(rp, 'alice@a.test');
        return s.idToken.roles === undefined ? s : undefined;
      },
      { what: 'a new ID token without the group’s role' },
    );
    expect(gone.idToken.permissions).toBeUndefined();
    expect(gone.userinfo.roles).toBeUndefined();
  });

  it('grants nothing through a group id of another tenant', async () => {
    const rpA = await relyingParty(env_.stack, region, a.slug, a.id);
    const rpB = await relyingParty(env_.stack, region, b.slug, b.id);
    const bob = await scimUser(b, 'bob@b.test');
    const carol = await scimUser(a, 'carol@a.test');
    const foreign = await scimGroup(b, 'Finance', [bob]);
    const own = await scimGroup(a, 'Approvers', [carol]);
    // Tenant A's admin names tenant B's group beside one of its own.
    await assign([foreign, own]);

    const ownMember = await eventually(
      async () => {
        const s = await signedIn(rpA, 'carol@a.test');
        return Array.isArray(s.idToken.roles) ? s : undefined;
      },
      { what: 'the role through tenant A’s own group' },
    );
    expect(ownMember.idToken.roles).toEqual(['approver']);
    // Tenant A's role names B's group, yet B's member holds nothing: a role only counts in its own tenant.
    const foreignMember = await signedIn(rpB, 'bob@b.test');
    expect(foreignMember.idToken.sub).toBe(bob);
    expect(foreignMember.idToken.roles).toBeUndefined();
    expect(foreignMember.userinfo.permissions).toBeUndefined();
  });
});
