import type { MongoClient } from 'mongodb';
import * as oidc from 'openid-client';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { sessionCookieOf } from './support/hosted-login';
import {
  cookiePair,
  fetchPage,
  loginFlowOf,
  postForm,
  readForm,
  type PageResponse,
} from './support/hosted-pages';
import { passwordStep, redeem, webApplication, type WebApplication } from './support/hosted-sign-in';
import { idaasCli } from './support/idaas-cli';
import { requireMfaOn } from './support/mfa-override';
import { uniqueRegion } from './support/names';
import { regionWithTenants, type RegionWithTenants } from './support/region-with-tenants';
import { managementToken } from './support/stack';
import { enrolTotp } from './support/totp-enrolment';
import { eventually } from './support/wait';

const REDIRECT_URI = 'https://payroll.example/callback';
const PASSWORD = 'correct horse battery staple';
const MFA_CHANGED = 'idaas.user.mfa.changed.v1';

interface ResetAnswer {
  userId: string;
  enrolments: { method: string }[];
  removed: string[];
  sessionsEnded?: number;
  errors?: { field: string }[];
}

/**
 * An admin resets a user's second factors in the region (a lost phone, a taken-over account):
 * by HTTP on the real stack, with tenant admins' own tokens, the hosted pages as a browser without
 * JavaScript, and the region's user topic as an integrator's consumer reads it.
 */
describe('admin reset of second factors', () => {
  const eu = uniqueRegion('mfr');
  let fixture: RegionWithTenants;
  let mongo: MongoClient;
  let stack: RegionWithTenants['stack'];
  let topic: RegionWithTenants['topic'];
  let users: MongoUserDirectory;
  const a = { slug: `a-${eu}`, id: '', admin: '', reader: '' };
  const b = { slug: `b-${eu}`, id: '', admin: '' };
  /** MFA required, browsers remembered for 30 days. */
  let payroll: WebApplication;

  /** A tenant's m2m client token for the admin API with `scopes`, once the region issues it. */
  const tenantToken = async (tenant: { id: string; slug: string }, scopes: string[]) => {
    const app = await stack.admin<{ clientId: string; clientSecret: string }>(
      `/admin/tenants/${tenant.id}/applications`,
      'POST',
      { name: `admin ${scopes.join(' ')}`, kind: 'm2m', scopes },
    );
    return eventually(
      () =>
        managementToken(stack.authentication[eu]!.url, tenant.slug, app.body.clientId, app.body.clientSecret),
      { what: `a token for ${tenant.slug}` },
    );
  };

  /** An admin call to the region's authentication service, where users' second factors live. */
  const region = async (token: string, path: string, method = 'GET') => {
    const res = await fetch(`${stack.authentication[eu]!.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, body: (await res.json()) as ResetAnswer };
  };
  const mfaOf = (userId: string) => `/admin/tenants/${a.id}/users/${userId}/mfa`;

  const newUser = async () => {
    const { email, userId } = await fixture.activeUser(a.id, PASSWORD);
    const totp = await enrolTotp(mongo.db(identityDatabaseName(eu)), { region: eu, tenantId: a.id }, userId);
    return { email, userId, totp };
  };

  /** The authorization request alone, as a browser holding `cookie` sends it. */
  const authorizeAs = async (cookie: string): Promise<PageResponse> => {
    const url = oidc.buildAuthorizationUrl(payroll.config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      state: oidc.randomState(),
    });
    return fetchPage(url.href, { headers: { cookie } });
  };

  /** The user's second-factor changes on the topic, once `count` of them arrived. */
  const mfaChanges = async (userId: string, count: number) =>
    (await topic.awaitOf(userId, MFA_CHANGED, count)).map((e) => e.data);

  beforeAll(async () => {
    fixture = await regionWithTenants(eu, [a, b]);
    ({ stack, mongo, users, topic } = fixture);
    payroll = await webApplication(
      stack,
      { region: eu, slug: a.slug, tenantId: a.id },
      'Payroll',
      REDIRECT_URI,
    );
    await requireMfaOn(stack, users, a.id, payroll, { rememberDeviceDays: 30 });
    a.admin = await tenantToken(a, ['users:read', 'users:write']);
    a.reader = await tenantToken(a, ['users:read']);
    b.admin = await tenantToken(b, ['users:read', 'users:write']);
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('resets everything: the next sign-in enrols again, remembered browsers and SSO sessions no longer count, each removal told with actor admin', async () => {
    const { email, userId, totp } = await newUser();
    // A sign-in with the code, "remember this device" ticked: the browser keeps a device cookie and an SSO session.
    const first = await passwordStep(payroll, { email, password: PASSWORD });
    expect(first.response.location).toMatch(/\/login\/mfa\?flow=/);
    const form = readForm((await fetchPage(first.response.location!)).text);
    const done = await postForm(form.action, {
      ...form.hidden,
      method: 'totp',
      code: totp.nextCode(),
      remember_device: 'on',
    });
    const tokens = await redeem(payroll, done, first);
    const device = done.cookies.find((c) => c.startsWith('idaas_device='));
    const session = sessionCookieOf(done);
    expect(device && session).toBeDefined();
    const browser = { cookie: cookiePair(device!) };
    // Before the reset: the remembered browser skips the code, and the SSO session gives a code at once.
    const skipped = await passwordStep(payroll, { email, password: PASSWORD }, {}, browser);
    expect((await redeem(payroll, skipped.response, skipped)).claims()!.amr).toEqual(['pwd', 'rd']);
    expect((await authorizeAs(session!)).location).toMatch(/^https:\/\/payroll\.example\/callback\?code=/);

    // Nobody else may: a reader, another tenant's admin, and an unknown user are refused, and nothing changed.
    expect((await region(a.reader, `${mfaOf(userId)}/enrolments`, 'DELETE')).status).toBe(403);
    expect((await region(b.admin, `${mfaOf(userId)}/enrolments`, 'DELETE')).status).toBe(404);
    const unknown = `${mfaOf('00000000-0000-4000-8000-000000000000')}/enrolments`;
    expect((await region(a.admin, unknown, 'DELETE')).status).toBe(404);
    const before = await region(a.reader, mfaOf(userId));
    expect(before.body.enrolments.map((e) => e.method)).toEqual(['totp', 'recovery_code']);

    const reset = await region(a.admin, `${mfaOf(userId)}/enrolments`, 'DELETE');
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ userId, enrolments: [], removed: ['totp', 'recovery_code'] });
    // Both sign-ins started a session; both ended.
    expect(reset.body.sessionsEnded).toBe(2);
    expect((await region(a.reader, mfaOf(userId))).body.enrolments).toEqual([]);

    expect(await mfaChanges(userId, 2)).toEqual([
      { userId, method: 'totp', change: 'removed', actor: 'admin' },
      { userId, method: 'recovery_code', change: 'removed', actor: 'admin' },
    ]);
    // The old session shows the login page, its access token is refused, and the remembered
    // browser is asked to enrol a second factor rather than skipping it.
    expect(loginFlowOf(await authorizeAs(session!))).toBeDefined();
    const userinfo = await fetch(`${payroll.issuer}/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(userinfo.status).toBe(401);
    const next = await passwordStep(payroll, { email, password: PASSWORD }, {}, browser);
    expect(next.response.location).toMatch(/\/login\/mfa\/enrol\?flow=/);

    // A second reset finds nothing to remove and tells nothing more.
    const again = await region(a.admin, `${mfaOf(userId)}/enrolments`, 'DELETE');
    expect(again.body).toMatchObject({ removed: [], sessionsEnded: 0 });
  });

  it('removes one method: passkeys only when there are some, the authenticator app with the recovery codes it backed up; never recovery codes alone', async () => {
    const { userId } = await newUser();
    const codesAlone = await region(a.admin, `${mfaOf(userId)}/enrolments/recovery_code`, 'DELETE');
    expect(codesAlone.status).toBe(400);
    expect(codesAlone.body.errors!.map((e) => e.field)).toEqual(['params.method']);
    expect((await region(a.reader, `${mfaOf(userId)}/enrolments/totp`, 'DELETE')).status).toBe(403);
    expect((await region(b.admin, `${mfaOf(userId)}/enrolments/totp`, 'DELETE')).status).toBe(404);

    // No passkey: nothing goes, and the recovery codes still back up the app.
    const passkeys = await region(a.admin, `${mfaOf(userId)}/enrolments/webauthn`, 'DELETE');
    expect(passkeys.status).toBe(200);
    expect(passkeys.body.removed).toEqual([]);
    expect(passkeys.body.enrolments.map((e) => e.method)).toEqual(['totp', 'recovery_code']);

    const app = await region(a.admin, `${mfaOf(userId)}/enrolments/totp`, 'DELETE');
    expect(app.status).toBe(200);
    expect(app.body).toMatchObject({ enrolments: [], removed: ['totp', 'recovery_code'] });
    // One method is no sign-out: that is what the full reset is for.
    expect(app.body.sessionsEnded).toBeUndefined();
    expect(await mfaChanges(userId, 2)).toEqual([
      { userId, method: 'totp', change: 'removed', actor: 'admin' },
      { userId, method: 'recovery_code', change: 'removed', actor: 'admin' },
    ]);
  });

  it('idaas users mfa-reset does it from a terminal: one method, then everything', async () => {
    const { userId } = await newUser();
    const idaas = idaasCli(stack, eu);
    const one = await idaas('users', 'mfa-reset', '--tenant', a.id, '--user', userId, '--method', 'webauthn');
    expect(one.code).toBe(0);
    expect(JSON.parse(one.out)).toMatchObject({ userId, removed: [] });
    const all = await idaas('users', 'mfa-reset', '--tenant', a.id, '--user', userId);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.out)).toMatchObject({
      enrolments: [],
      removed: ['totp', 'recovery_code'],
      sessionsEnded: 0,
    });
    const refused = await idaas('users', 'mfa-reset', '--tenant', a.id, '--user', userId, '--method', 'sms');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('params.method');
  });

  it("documents both in the region's OpenAPI document, with the permission they need", async () => {
    const doc = (await (await fetch(`${stack.authentication[eu]!.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string; security?: unknown }>>;
    };
    const base = '/admin/tenants/{tenantId}/users/{userId}/mfa/enrolments';
    expect(doc.paths[base]?.delete).toMatchObject({ operationId: 'resetUserMfa' });
    expect(doc.paths[`${base}/{method}`]?.delete).toMatchObject({ operationId: 'removeUserMfaMethod' });
    expect(JSON.stringify(doc.paths[base]?.delete?.security)).toContain('users:write');
  });
});
