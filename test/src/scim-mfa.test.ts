import { main as startLifecycle } from '@idaas/lifecycle-service';
import { totpAt } from '@idaas/crypto';
import { signInThroughPages } from './support/hosted-login';
import { fetchPage, pkce, postForm, readForm, type PageResponse } from './support/hosted-pages';
import { env, uniqueRegion } from './support/names';
import { managementToken, startStack } from './support/stack';
import { eventually } from './support/wait';

type Stack = Awaited<ReturnType<typeof startStack>>;

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const MFA = 'urn:idaas:params:scim:schemas:extension:mfa:2.0:User';
const REDIRECT_URI = 'https://portal.example/callback';
const PASSWORD = 'correct horse battery staple';

interface Enrolment {
  method: string;
  enrolledAt: string;
  lastUsedAt?: string;
  remaining?: number;
  label?: string;
}
interface MfaExtension {
  enrolments?: Enrolment[];
  allowedMethods?: string[];
  preferredMethod?: string;
}
interface ScimBody {
  schemas: string[];
  id?: string;
  userName?: string;
  status?: string;
  scimType?: string;
  [MFA]?: MfaExtension;
  Resources?: ScimBody[];
  schemaExtensions?: { schema: string; required: boolean }[];
  attributes?: { name: string; mutability: string; multiValued: boolean }[];
}

/**
 * The MFA extension of SCIM users (`urn:idaas:params:scim:schemas:extension:mfa:2.0:User`): a
 * user enrols TOTP through the hosted pages of the authentication service, and the lifecycle
 * service's SCIM shows the enrolments, read-only, to the tenant's provisioning client only.
 */
describe('SCIM users with their MFA enrolments', () => {
  const region = uniqueRegion('scm');
  const database = `scim_mfa_${region}`;
  let stack: Stack;
  let lifecycle: Awaited<ReturnType<typeof startLifecycle>>;
  const a = { slug: `a-${region}`, id: '', writer: '', clientId: '' };
  const b = { slug: `b-${region}`, id: '', writer: '' };
  const email = 'mira@acme.test';
  let userId = '';
  let recoveryCodes: string[] = [];

  async function clientToken(tenantId: string, slug: string): Promise<string> {
    const app = await stack.admin<{ clientId: string; clientSecret: string }>(
      `/admin/tenants/${tenantId}/applications`,
      'POST',
      { name: 'provisioning', kind: 'm2m', scopes: ['users:read', 'users:write'] },
    );
    return eventually(
      () =>
        managementToken(stack.authentication[region]!.url, slug, app.body.clientId, app.body.clientSecret),
      { what: `a token for ${slug}` },
    );
  }

  async function scim(token: string, path: string, method = 'GET', body?: unknown) {
    const res = await fetch(`${lifecycle.url}/scim/v2/tenants${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as ScimBody };
  }

  const user = () => `/${a.id}/Users/${userId}`;

  /** The password step of a sign-in at tenant A's portal: a 303 to the MFA step it leads to. */
  const passwordStep = async () => {
    const { challenge } = pkce();
    const url = `${stack.authentication[region]!.url}/t/${a.slug}/oauth2/authorize?${new URLSearchParams({
      client_id: a.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid',
      state: 'scim-mfa',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })}`;
    return (await signInThroughPages(url, { email, password: PASSWORD })).response;
  };

  const followTo = async (at: PageResponse, step: RegExp) => {
    expect(at.status).toBe(303);
    expect(at.location).toMatch(step);
    const page = await fetchPage(at.location!);
    expect(page.status).toBe(200);
    return page;
  };

  beforeAll(async () => {
    stack = await startStack([region], database);
    lifecycle = await startLifecycle({
      env: env({ REGION: region, REGIONS: region, KAFKA_TOPIC_PREFIX: `${database}.` }),
    });
    a.id = await stack.createTenant(a.slug, region);
    b.id = await stack.createTenant(b.slug, region);
    expect(
      (await stack.admin(`/admin/tenants/${a.id}/policy`, 'PUT', { mfa: { mode: 'required' } })).status,
    ).toBe(200);
    const portal = await stack.admin<{ clientId: string }>(`/admin/tenants/${a.id}/applications`, 'POST', {
      kind: 'web',
      name: 'Portal',
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code'],
    });
    a.clientId = portal.body.clientId;
    a.writer = await clientToken(a.id, a.slug);
    b.writer = await clientToken(b.id, b.slug);
    for (const t of [a, b])
      await eventually(async () => (await scim(t.writer, `/${t.id}/ServiceProviderConfig`)).status === 200, {
        what: `the lifecycle service accepting tenant ${t.slug} tokens`,
      });
    const made = await scim(a.writer, `/${a.id}/Users`, 'POST', {
      schemas: [USER],
      userName: email,
      password: PASSWORD,
    });
    expect(made.status).toBe(201);
    userId = made.body.id!;
    // Nothing enrolled yet: no extension, and its URN is not in schemas.
    expect(made.body.schemas).toEqual([USER]);
    expect(made.body[MFA]).toBeUndefined();
  });

  afterAll(async () => {
    await lifecycle?.close();
    await stack?.close();
  });

  it('lists the extension in Schemas and in the User resource type, all of it read-only', async () => {
    const type = await scim(a.writer, `/${a.id}/ResourceTypes/User`);
    expect(type.body.schemaExtensions).toEqual([{ schema: MFA, required: false }]);
    const schema = await scim(a.writer, `/${a.id}/Schemas/${MFA}`);
    expect(schema.status).toBe(200);
    expect(schema.body.attributes!.map((x) => [x.name, x.mutability, x.multiValued])).toEqual([
      ['enrolments', 'readOnly', true],
      ['allowedMethods', 'readOnly', true],
      ['preferredMethod', 'readOnly', false],
    ]);
    const all = await scim(a.writer, `/${a.id}/Schemas`);
    expect(all.body.Resources!.map((s) => s.id)).toContain(MFA);
  });

  it('shows a TOTP enrolment made at the hosted sign-in, with the recovery codes left', async () => {
    // The policy and the portal reach the region; then the sign-in asks the user to enrol.
    const enrol = await eventually(
      async () => {
        const at = await passwordStep();
        return at.status === 303 && /\/login\/mfa\/enrol\?flow=/.test(at.location ?? '') ? at : undefined;
      },
      { what: 'MFA enrolment at the portal sign-in' },
    );
    const page = await followTo(enrol, /\/login\/mfa\/enrol\?flow=/);
    const secret = /data-secret="([A-Z2-7]+)"/.exec(page.text)?.[1] ?? '';
    const form = readForm(page.text);
    const confirmed = await postForm(form.action, { ...form.hidden, code: totpAt(secret, new Date()) });
    expect(confirmed.status).toBe(200);
    recoveryCodes = [...confirmed.text.matchAll(/<li><code>([a-z2-7-]+)<\/code><\/li>/g)].map((m) => m[1]!);
    expect(recoveryCodes).toHaveLength(10);

    const shown = await scim(a.writer, user());
    expect(shown.status).toBe(200);
    expect(shown.body.schemas).toEqual([USER, MFA]);
    expect(shown.body[MFA]).toEqual({
      enrolments: [
        { method: 'totp', enrolledAt: expect.any(String), lastUsedAt: expect.any(String) },
        { method: 'recovery_code', enrolledAt: expect.any(String), remaining: 10 },
      ],
    });
    // Never a secret: not the TOTP key, not a recovery code.
    const raw = JSON.stringify(shown.body);
    expect(raw).not.toContain(secret);
    for (const code of recoveryCodes) expect(raw).not.toContain(code);
  });

  it('follows the user: a recovery code used, and the methods an admin set on the authentication service', async () => {
    const mfaPage = await followTo(await passwordStep(), /\/login\/mfa\?flow=/);
    const form = readForm(mfaPage.text);
    const used = await postForm(form.action, {
      ...form.hidden,
      method: 'recovery_code',
      code: recoveryCodes[0]!,
    });
    expect(used.status).toBe(303);
    expect(used.location).toContain(REDIRECT_URI);
    const settings = await fetch(
      `${stack.authentication[region]!.url}/admin/tenants/${a.id}/users/${userId}/mfa`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${stack.operatorToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ allowedMethods: ['totp', 'recovery_code'], preferredMethod: 'totp' }),
      },
    );
    expect(settings.status).toBe(200);

    const shown = await scim(a.writer, user());
    expect(shown.body[MFA]).toMatchObject({
      allowedMethods: ['totp', 'recovery_code'],
      preferredMethod: 'totp',
    });
    expect(shown.body[MFA]!.enrolments![1]).toMatchObject({
      method: 'recovery_code',
      remaining: 9,
      lastUsedAt: expect.any(String),
    });
  });

  it('leaves the extension out of lists unless attributes asks for it', async () => {
    const filter = `filter=${encodeURIComponent(`userName eq "${email}"`)}`;
    const plain = await scim(a.writer, `/${a.id}/Users?${filter}`);
    expect(plain.body.Resources).toHaveLength(1);
    expect(plain.body.Resources![0]!.userName).toBe(email);
    expect(plain.body.Resources![0]![MFA]).toBeUndefined();
    expect(plain.body.Resources![0]!.schemas).toEqual([USER]);

    const asked = await scim(
      a.writer,
      `/${a.id}/Users?${filter}&attributes=${encodeURIComponent(`${MFA}:enrolments`)}`,
    );
    expect(asked.status).toBe(200);
    const listed = asked.body.Resources![0]!;
    expect(listed.id).toBe(userId);
    expect(listed.userName).toBeUndefined();
    expect(listed.schemas).toEqual([USER, MFA]);
    expect(listed[MFA]!.enrolments!.map((e) => e.method)).toEqual(['totp', 'recovery_code']);
    expect(listed[MFA]!.preferredMethod).toBeUndefined();

    const excluded = await scim(a.writer, `${user()}?excludedAttributes=${encodeURIComponent(MFA)}`);
    expect(excluded.body.userName).toBe(email);
    expect(excluded.body[MFA]).toBeUndefined();
  });

  it('refuses a PATCH of the extension with 400 mutability, and ignores it in a PUT', async () => {
    for (const operation of [
      { op: 'replace', path: `${MFA}:preferredMethod`, value: 'recovery_code' },
      { op: 'remove', path: `${MFA}:enrolments[method eq "totp"]` },
      { op: 'add', value: { [MFA]: { allowedMethods: ['webauthn'] } } },
    ]) {
      const refused = await scim(a.writer, user(), 'PATCH', { schemas: [PATCH], Operations: [operation] });
      expect({ operation, status: refused.status, scimType: refused.body.scimType }).toEqual({
        operation,
        status: 400,
        scimType: 'mutability',
      });
      expect(refused.body.schemas).toEqual([ERROR]);
    }
    const replaced = await scim(a.writer, user(), 'PUT', {
      schemas: [USER, MFA],
      userName: email,
      [MFA]: { enrolments: [], allowedMethods: ['webauthn'], preferredMethod: 'webauthn' },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body[MFA]).toMatchObject({
      allowedMethods: ['totp', 'recovery_code'],
      preferredMethod: 'totp',
    });
    expect(replaced.body[MFA]!.enrolments!.map((e) => e.method)).toEqual(['totp', 'recovery_code']);
  });

  it("answers another tenant's token with 404, enrolments and all", async () => {
    const cross = await scim(b.writer, user());
    expect(cross.status).toBe(404);
    expect(cross.body.schemas).toEqual([ERROR]);
    expect(JSON.stringify(cross.body)).not.toContain('totp');
    const listed = await scim(b.writer, `/${a.id}/Users?attributes=${encodeURIComponent(MFA)}`);
    expect(listed.status).toBe(404);
    // Tenant B's own user list does not hold A's user.
    const own = await scim(b.writer, `/${b.id}/Users?attributes=${encodeURIComponent(MFA)}`);
    expect(own.status).toBe(200);
    expect(own.body.Resources).toEqual([]);
  });
});
