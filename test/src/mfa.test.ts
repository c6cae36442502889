import { MongoClient } from 'mongodb';
import { totpAt } from '@idaas/crypto';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { fetchPage, postForm, readForm, type PageResponse } from './support/hosted-pages';
import { passwordStep, redeem, webApplication, type WebApplication } from './support/hosted-sign-in';
import { uniqueRegion } from './support/names';
import { startStack } from './support/stack';
import { eventually } from './support/wait';

type Stack = Awaited<ReturnType<typeof startStack>>;

const REDIRECT_URI = 'https://payroll.example/callback';
const PASSWORD = 'correct horse battery staple';
const ACR_MFA = 'urn:idaas:acr:mfa';

/**
 * Multi-factor sign-in through the hosted pages by HTTP: the application-level MFA override and
 * its explanation, enrolment at first sign-in, TOTP codes computed here, replay, recovery codes,
 * the lockout after wrong codes, and `acr_values`; the ID tokens' `amr` and `acr`.
 */
describe('multi-factor authentication', () => {
  const eu = uniqueRegion('mfa');
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stack: Stack;
  let tenantId: string;
  let payroll: WebApplication;
  let wiki: WebApplication;
  let users: MongoUserDirectory;
  const slug = `mfa-${eu}`;
  /** The secret the enrolment page showed, per user email. */
  const secrets = new Map<string, string>();
  let recoveryCodes: string[] = [];

  const regionAdmin = async <T>(path: string, method = 'GET', body?: unknown) => {
    const res = await fetch(`${stack.authentication[eu]!.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.operatorToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  const application = (name: string) =>
    webApplication(stack, { region: eu, slug, tenantId }, name, REDIRECT_URI);

  /** Starts a sign-in and posts the password; the answer and the PKCE values to redeem it. */
  const signInAs = (app: WebApplication, email: string, extra?: Record<string, string>) =>
    passwordStep(app, { email, password: PASSWORD }, extra);

  /** Posts a code on the second-factor page the password step led to. */
  const secondFactor = async (at: PageResponse, method: 'totp' | 'recovery_code', code: string) => {
    expect(at.status).toBe(303);
    expect(at.location).toMatch(/\/login\/mfa\?flow=/);
    const page = await fetchPage(at.location!);
    expect(page.status).toBe(200);
    const form = readForm(page.text);
    return postForm(form.action, { ...form.hidden, method, code });
  };

  const newUser = async (email: string) =>
    (await users.create(tenantId, { email, password: PASSWORD, state: 'active', emailVerified: true }))
      .userId;

  beforeAll(async () => {
    await mongo.connect();
    stack = await startStack([eu], `mgmt_${eu}`);
    tenantId = await stack.createTenant(slug, eu);
    users = new MongoUserDirectory(mongo.db(identityDatabaseName(eu)), {
      region: eu,
      source: `/idaas/${eu}/test`,
    });
    payroll = await application('Payroll');
    wiki = await application('Wiki');
  });

  afterAll(async () => {
    await stack?.close();
    await mongo.close();
  });

  it('requires MFA on one application by its own override, and explains it per user', async () => {
    const path = `/admin/tenants/${tenantId}/applications/${payroll.clientId}/policy-overrides`;
    const bad = await stack.admin<{ errors: { field: string }[] }>(path, 'PUT', {
      mfa: { mode: 'sometimes' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toContain('body.mfa.mode');
    const unknown = await stack.admin(
      `/admin/tenants/${tenantId}/applications/00000000-0000-4000-8000-00000000abcd/policy-overrides`,
      'PUT',
      {},
    );
    expect(unknown.status).toBe(404);
    // A group says off; the application itself says required, and the most specific wins.
    await stack.admin(`/admin/tenants/${tenantId}/application-groups`, 'POST', {
      name: 'back-office',
      applicationIds: [payroll.clientId],
      overrides: { mfa: { mode: 'off' } },
    });
    const saved = await stack.admin<{ version: number }>(path, 'PUT', { mfa: { mode: 'required' } });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(1);
    const effective = await stack.admin<{
      policy: { mfa: { mode: string } };
      sources: Record<string, string>;
    }>(`/admin/tenants/${tenantId}/applications/${payroll.clientId}/effective-policy`);
    expect(effective.body.policy.mfa.mode).toBe('required');
    expect(effective.body.sources['mfa.mode']).toBe('application');
    expect(effective.body.sources['mfa.methods']).toBe('tenant');

    const userId = await newUser('ann@acme.example');
    const explained = await eventually(
      async () => {
        const r = await regionAdmin<{
          sources: Record<string, string>;
          decision: { step: string; reasons: string[] };
        }>(`/admin/tenants/${tenantId}/applications/${payroll.clientId}/mfa-decision?userId=${userId}`);
        return r.body?.sources?.['mfa.mode'] === 'application' ? r : undefined;
      },
      { what: 'the application override in the region' },
    );
    expect(explained.body.decision.step).toBe('enrol');
    expect(explained.body.decision.reasons[0]).toBe('MFA mode is required (set by application)');
    const elsewhere = await regionAdmin<{ decision: { step: string } }>(
      `/admin/tenants/${tenantId}/applications/${wiki.clientId}/mfa-decision?userId=${userId}`,
    );
    expect(elsewhere.body.decision.step).toBe('none');
  });

  it('enrols TOTP at first sign-in, shows ten recovery codes once, and the ID token says MFA', async () => {
    const pkce = await signInAs(payroll, 'ann@acme.example');
    expect(pkce.response.status).toBe(303);
    expect(pkce.response.location).toMatch(/\/login\/mfa\/enrol\?flow=/);
    const page = await fetchPage(pkce.response.location!);
    expect(page.status).toBe(200);
    const secret = /data-secret="([A-Z2-7]+)"/.exec(page.text)?.[1];
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(page.text).toContain(`otpauth://totp/`);
    secrets.set('ann@acme.example', secret!);
    const form = readForm(page.text);
    const wrong = await postForm(form.action, {
      ...form.hidden,
      code: '000000' === totpAt(secret!, new Date()) ? '111111' : '000000',
    });
    expect(wrong.status).toBe(400);
    const retry = readForm(wrong.text);
    const confirmed = await postForm(retry.action, { ...retry.hidden, code: totpAt(secret!, new Date()) });
    expect(confirmed.status).toBe(200);
    recoveryCodes = [...confirmed.text.matchAll(/<li><code>([a-z2-7-]+)<\/code><\/li>/g)].map((m) => m[1]!);
    expect(recoveryCodes).toHaveLength(10);
    const next = readForm(confirmed.text);
    const done = await postForm(next.action, next.hidden);
    const claims = (await redeem(payroll, done, pkce)).claims()!;
    expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(claims.acr).toBe(ACR_MFA);
    expect(typeof claims.auth_time).toBe('number');

    const user = await users.findByEmail(tenantId, 'ann@acme.example');
    const mfa = await regionAdmin<{ enrolments: { method: string; remaining?: number }[] }>(
      `/admin/tenants/${tenantId}/users/${user!.userId}/mfa`,
    );
    expect(mfa.body.enrolments).toEqual([
      expect.objectContaining({ method: 'totp' }),
      expect.objectContaining({ method: 'recovery_code', remaining: 10 }),
    ]);
    // At rest the secret is sealed: it appears nowhere in the stored document.
    const stored = await mongo
      .db(identityDatabaseName(eu))
      .collection('mfa_enrolments')
      .findOne({ _id: user!.userId as never });
    expect(JSON.stringify(stored)).not.toContain(secret!);
  });

  it('asks enrolled users for a TOTP code and refuses the same code twice', async () => {
    const secret = secrets.get('ann@acme.example')!;
    // The enrolment used the current step; the next step's code is within the window and fresh.
    const code = totpAt(secret, new Date(Date.now() + 30_000));
    const first = await signInAs(payroll, 'ann@acme.example');
    const accepted = await secondFactor(first.response, 'totp', code);
    const claims = (await redeem(payroll, accepted, first)).claims()!;
    expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);

    const again = await signInAs(payroll, 'ann@acme.example');
    const replayed = await secondFactor(again.response, 'totp', code);
    expect(replayed.status).toBe(400);
    expect(replayed.text).toContain('not correct or was already used');
  });

  it('signs in once with each recovery code', async () => {
    const first = await signInAs(payroll, 'ann@acme.example');
    const used = await secondFactor(first.response, 'recovery_code', recoveryCodes[0]!.toUpperCase());
    const claims = (await redeem(payroll, used, first)).claims()!;
    expect(claims.amr).toEqual(['pwd', 'rc', 'mfa']);
    expect(claims.acr).toBe(ACR_MFA);

    const again = await signInAs(payroll, 'ann@acme.example');
    expect((await secondFactor(again.response, 'recovery_code', recoveryCodes[0]!)).status).toBe(400);
    const user = await users.findByEmail(tenantId, 'ann@acme.example');
    const mfa = await regionAdmin<{ enrolments: { method: string; remaining?: number }[] }>(
      `/admin/tenants/${tenantId}/users/${user!.userId}/mfa`,
    );
    expect(mfa.body.enrolments[1]).toMatchObject({ method: 'recovery_code', remaining: 9 });
  });

  it('honours acr_values: an application without MFA asks for it when the client requires it', async () => {
    await newUser('carl@acme.example');
    const plain = await signInAs(wiki, 'carl@acme.example');
    const claims = (await redeem(wiki, plain.response, plain)).claims()!;
    expect(claims.amr).toEqual(['pwd']);
    expect(claims.acr).toBe('urn:idaas:acr:pwd');

    const stepUp = await signInAs(wiki, 'carl@acme.example', { acr_values: ACR_MFA });
    expect(stepUp.response.status).toBe(303);
    expect(stepUp.response.location).toMatch(/\/login\/mfa\/enrol\?flow=/);
  });

  it('lets an admin restrict a user to methods the application does not offer, and explains the refusal', async () => {
    const userId = await newUser('dora@acme.example');
    const path = `/admin/tenants/${tenantId}/users/${userId}/mfa`;
    const bad = await regionAdmin<{ errors: { field: string }[] }>(path, 'PUT', {
      allowedMethods: ['webauthn'],
      preferredMethod: 'totp',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toContain('body.preferredMethod');
    expect((await regionAdmin(path, 'PUT', { allowedMethods: ['webauthn'] })).status).toBe(200);
    const explained = await regionAdmin<{ decision: { step: string } }>(
      `/admin/tenants/${tenantId}/applications/${payroll.clientId}/mfa-decision?userId=${userId}`,
    );
    expect(explained.body.decision.step).toBe('refuse');
    const refused = await signInAs(payroll, 'dora@acme.example');
    expect(refused.response.status).toBe(400);
    expect(refused.response.text).toContain('cannot complete two-step verification');
    expect(
      (await regionAdmin(`/admin/tenants/${tenantId}/users/00000000-0000-4000-8000-000000000000/mfa`)).status,
    ).toBe(404);
  });

  it('locks the user after as many wrong codes as wrong passwords would', async () => {
    const start = await signInAs(payroll, 'ann@acme.example');
    const page = await fetchPage(start.response.location!);
    let form = readForm(page.text);
    let last: PageResponse | undefined;
    // The default lockout policy: 5 attempts.
    for (let i = 0; i < 5; i++) {
      last = await postForm(form.action, { ...form.hidden, method: 'totp', code: '000000' });
      expect(last.status).toBe(400);
      form = readForm(last.text);
    }
    const user = await users.findByEmail(tenantId, 'ann@acme.example');
    expect(user!.state).toBe('locked');
    const secret = secrets.get('ann@acme.example')!;
    const afterLock = await postForm(form.action, {
      ...form.hidden,
      method: 'totp',
      code: totpAt(secret, new Date(Date.now() + 30_000)),
    });
    expect(afterLock.status).toBe(400);
    expect(afterLock.text).toContain('Too many attempts');
    const password = await signInAs(payroll, 'ann@acme.example');
    expect(password.response.status).toBe(400);
  });
});
