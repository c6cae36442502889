import { MongoClient } from 'mongodb';
import type { Db } from 'mongodb';
import { identityDatabaseName, KNOWN_DEVICES, MongoUserDirectory } from '@idaas/user-store';
import { signInThroughPages } from './support/hosted-login';
import { cookiePair, fetchPage, pkce, readForm, type PageResponse } from './support/hosted-pages';
import { uniqueRegion } from './support/names';
import { basicAuth, startStack } from './support/stack';
import { enrolTotp } from './support/totp-enrolment';
import { eventually } from './support/wait';

const PASSWORD = 'correct horse battery staple';
const REDIRECT_URI = 'https://payroll.example/callback';
const COUNTRY_HEADER = 'x-test-country';
const ACR_MFA = 'urn:idaas:acr:mfa';

interface App {
  clientId: string;
  clientSecret: string;
}

/** What a browser keeps between sign-ins: its device cookie; and where the proxy says it is. */
interface Browser {
  deviceCookie?: string;
  country?: string;
}

/**
 * Adaptive MFA rules and remembered devices through the hosted pages by HTTP, on the real stack
 * (Kafka, MongoDB-wire server): each rule of the policy steps a sign-in up when its signal is
 * there and not otherwise; a remembered browser skips the code, another browser and
 * `acr_values` do not; the ID token says `rd`, not `mfa`, for a remembered browser.
 */
describe('adaptive MFA and remembered devices', () => {
  const eu = uniqueRegion('mfaad');
  const slug = `mfaad-${eu}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stack: Awaited<ReturnType<typeof startStack>>;
  let tenantId: string;
  let issuer: string;
  let users: MongoUserDirectory;
  let identity: Db;
  /** Per user: their enrolled authenticator app, which hands out each time step's code once. */
  const totp = new Map<string, Awaited<ReturnType<typeof enrolTotp>>>();

  const regionAdmin = async <T>(path: string) => {
    const res = await fetch(`${stack.authentication[eu]!.url}${path}`, {
      headers: { authorization: `Bearer ${stack.operatorToken}` },
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  /** An application whose own policy overrides say `mfa`, once the region applies them. */
  async function registered(name: string): Promise<App> {
    const created = await stack.admin<App>(`/admin/tenants/${tenantId}/applications`, 'POST', {
      kind: 'web',
      name,
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code'],
    });
    if (created.status !== 201) throw new Error(`application ${name}: ${created.status} ${created.text}`);
    return created.body;
  }

  async function application(name: string, mfa: Record<string, unknown>): Promise<App> {
    const app = await registered(name);
    const saved = await stack.admin(
      `/admin/tenants/${tenantId}/applications/${app.clientId}/policy-overrides`,
      'PUT',
      { mfa },
    );
    expect(saved.status).toBe(200);
    const someone = await newUser(`probe-${name.toLowerCase()}@acme.example`, false);
    await eventually(
      async () => {
        const r = await regionAdmin<{ mfa?: Record<string, unknown> }>(
          `/admin/tenants/${tenantId}/applications/${app.clientId}/mfa-decision?userId=${someone}`,
        );
        return r.status === 200 && Object.entries(mfa).every(([k, v]) => r.body.mfa?.[k] === v)
          ? r
          : undefined;
      },
      { what: `the overrides of ${name} in the region` },
    );
    return app;
  }

  /** A user with TOTP enrolled (through the store, with a code of long ago) unless `withTotp` is false. */
  async function newUser(email: string, withTotp = true): Promise<string> {
    const { userId } = await users.create(tenantId, {
      email,
      password: PASSWORD,
      state: 'active',
      emailVerified: true,
    });
    if (withTotp) totp.set(email, await enrolTotp(identity, { region: eu, tenantId }, userId));
    return userId;
  }

  /** A fresh code for the user: a time step after the last one used, within the ±1 step window. */
  const nextCode = (email: string): string => totp.get(email)!.nextCode();

  const headersOf = (browser: Browser): Record<string, string> => ({
    ...(browser.deviceCookie ? { cookie: browser.deviceCookie } : {}),
    ...(browser.country ? { [COUNTRY_HEADER]: browser.country } : {}),
  });

  /** Keeps the device cookie a response set, as a browser would. */
  function keepCookies(browser: Browser, res: PageResponse): void {
    const device = res.cookies.find((c) => c.startsWith('idaas_device='));
    if (device) browser.deviceCookie = cookiePair(device);
  }

  /** Authorization request, login page, password; the answer to the password post. */
  async function passwordStep(
    app: App,
    email: string,
    browser: Browser,
    options: { password?: string; acr?: boolean } = {},
  ): Promise<{ answer: PageResponse; verifier: string }> {
    const { verifier, challenge } = pkce();
    const url = new URL(`${issuer}/oauth2/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'st',
      nonce: 'no',
      ...(options.acr ? { acr_values: ACR_MFA } : {}),
    }).toString();
    const { response: answer } = await signInThroughPages(
      url.href,
      { email, password: options.password ?? PASSWORD },
      headersOf(browser),
    );
    keepCookies(browser, answer);
    return { answer, verifier };
  }

  const signedIn = (res: PageResponse) => {
    expect(res.status).toBe(303);
    expect(res.location).toMatch(new RegExp(`^${REDIRECT_URI}\\?code=`));
  };
  const codeAsked = (res: PageResponse) => {
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/\/login\/mfa\?flow=/);
  };

  /** Answers the second-factor page the password step led to, optionally ticking "remember". */
  async function answerCode(
    at: PageResponse,
    email: string,
    browser: Browser,
    remember = false,
  ): Promise<PageResponse> {
    codeAsked(at);
    const headers = headersOf(browser);
    const page = await fetchPage(at.location!, { headers });
    expect(page.status).toBe(200);
    const form = readForm(page.text);
    const done = await fetchPage(at.location!, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        csrf_token: form.hidden.csrf_token!,
        method: 'totp',
        code: nextCode(email),
        ...(remember ? { remember_device: 'on' } : {}),
      }),
    });
    keepCookies(browser, done);
    signedIn(done);
    return done;
  }

  /** The tokens for a code; the ID token's claims read, not verified (the code flow suites verify signatures). */
  async function tokensFor(
    app: App,
    at: PageResponse,
    verifier: string,
  ): Promise<{ claims: Record<string, unknown>; accessToken: string }> {
    const code = new URL(at.location!).searchParams.get('code')!;
    const res = await fetch(`${issuer}/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: basicAuth(app.clientId, app.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      }),
    });
    expect(res.status).toBe(200);
    const { id_token, access_token } = (await res.json()) as { id_token: string; access_token: string };
    const payload = Buffer.from(id_token.split('.')[1]!, 'base64url').toString();
    return { claims: JSON.parse(payload) as Record<string, unknown>, accessToken: access_token };
  }

  beforeAll(async () => {
    await mongo.connect();
    stack = await startStack([eu], `mgmt_${eu}`, undefined, { TRUSTED_COUNTRY_HEADER: COUNTRY_HEADER });
    tenantId = await stack.createTenant(slug, eu);
    issuer = `${stack.authentication[eu]!.url}/t/${slug}`;
    identity = mongo.db(identityDatabaseName(eu));
    users = new MongoUserDirectory(identity, { region: eu, source: `/idaas/${eu}/test` });
  });

  afterAll(async () => {
    await stack?.close();
    await mongo.close();
  });

  it('refuses a malformed rule in an override, naming the knob', async () => {
    const app = await registered('Bad input');
    const bad = await stack.admin<{ errors: { field: string }[] }>(
      `/admin/tenants/${tenantId}/applications/${app.clientId}/policy-overrides`,
      'PUT',
      { mfa: { stepUpAfterFailures: -1, stepUpOnNewDevice: 'yes' } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field).sort()).toEqual([
      'body.mfa.stepUpAfterFailures',
      'body.mfa.stepUpOnNewDevice',
    ]);
  });

  it('new device rule: a new browser is asked for the code, the same browser next time is not', async () => {
    const app = await application('Devices', { mode: 'off', stepUpOnNewDevice: true });
    await newUser('dora@acme.example');
    const laptop: Browser = {};
    // The user's first device is recorded, not "new": there was nothing to compare it with.
    signedIn((await passwordStep(app, 'dora@acme.example', laptop)).answer);
    expect(laptop.deviceCookie).toBeDefined();
    signedIn((await passwordStep(app, 'dora@acme.example', laptop)).answer);

    const phone: Browser = {};
    const first = await passwordStep(app, 'dora@acme.example', phone);
    await answerCode(first.answer, 'dora@acme.example', phone);
    expect(phone.deviceCookie).toBeDefined();
    signedIn((await passwordStep(app, 'dora@acme.example', phone)).answer);

    // A user without a second factor is let in: the rule never forces enrolment.
    await newUser('nils@acme.example', false);
    signedIn((await passwordStep(app, 'nils@acme.example', {})).answer);
    signedIn((await passwordStep(app, 'nils@acme.example', {})).answer);
  });

  it('new country rule: a sign-in from another country than the last one is asked for the code', async () => {
    const app = await application('Countries', { mode: 'off', stepUpOnNewCountry: true });
    await newUser('carl@acme.example');
    const browser: Browser = { country: 'DE' };
    signedIn((await passwordStep(app, 'carl@acme.example', browser)).answer);
    signedIn((await passwordStep(app, 'carl@acme.example', browser)).answer);
    browser.country = 'fr';
    const abroad = await passwordStep(app, 'carl@acme.example', browser);
    // A failed second factor records nothing: asked again from France until one succeeds.
    codeAsked((await passwordStep(app, 'carl@acme.example', browser)).answer);
    await answerCode(abroad.answer, 'carl@acme.example', browser);
    signedIn((await passwordStep(app, 'carl@acme.example', browser)).answer);
    // "Unknown" from the proxy is no country: no signal, no step-up.
    browser.country = 'XX';
    signedIn((await passwordStep(app, 'carl@acme.example', browser)).answer);
  });

  it('recent failures rule: two wrong passwords then the right one is asked for the code, once', async () => {
    const app = await application('Failures', { mode: 'off', stepUpAfterFailures: 2 });
    await newUser('fay@acme.example');
    const browser: Browser = {};
    signedIn((await passwordStep(app, 'fay@acme.example', browser)).answer);
    expect(
      (await passwordStep(app, 'fay@acme.example', browser, { password: 'wrong one' })).answer.status,
    ).toBe(400);
    // One failure is below the threshold.
    signedIn((await passwordStep(app, 'fay@acme.example', browser)).answer);
    for (let i = 0; i < 2; i++)
      expect(
        (await passwordStep(app, 'fay@acme.example', browser, { password: 'wrong one' })).answer.status,
      ).toBe(400);
    const risky = await passwordStep(app, 'fay@acme.example', browser);
    await answerCode(risky.answer, 'fay@acme.example', browser);
    // The success cleared the count.
    signedIn((await passwordStep(app, 'fay@acme.example', browser)).answer);
  });

  it('remember device: the ticked browser skips the code, another browser and acr_values do not', async () => {
    const app = await application('Remember', { mode: 'required', rememberDeviceDays: 30 });
    const userId = await newUser('rita@acme.example');
    const laptop: Browser = {};
    const first = await passwordStep(app, 'rita@acme.example', laptop);
    codeAsked(first.answer);
    const page = await fetchPage(first.answer.location!, { headers: headersOf(laptop) });
    expect(page.text).toContain('Remember this device for 30 days');
    const done = await answerCode(first.answer, 'rita@acme.example', laptop, true);
    expect((await tokensFor(app, done, first.verifier)).claims.amr).toEqual(['pwd', 'otp', 'mfa']);
    const stored = await mongo
      .db(identityDatabaseName(eu))
      .collection(KNOWN_DEVICES)
      .findOne({ tenantId, userId });
    expect(stored?.mfaRememberedUntil).toBeInstanceOf(Date);

    const again = await passwordStep(app, 'rita@acme.example', laptop);
    signedIn(again.answer);
    const { claims } = await tokensFor(app, again.answer, again.verifier);
    // Not `otp` nor `mfa`: no second factor was verified in this sign-in.
    expect(claims.amr).toEqual(['pwd', 'rd']);
    expect(claims.acr).toBe('urn:idaas:acr:pwd');

    codeAsked((await passwordStep(app, 'rita@acme.example', {})).answer);
    const asked = await passwordStep(app, 'rita@acme.example', laptop, { acr: true });
    await answerCode(asked.answer, 'rita@acme.example', laptop);

    // Unticked on another browser: that one is not remembered.
    const tablet: Browser = {};
    await answerCode(
      (await passwordStep(app, 'rita@acme.example', tablet)).answer,
      'rita@acme.example',
      tablet,
    );
    codeAsked((await passwordStep(app, 'rita@acme.example', tablet)).answer);
  });

  it('forgets remembered browsers when the credentials are revoked (a changed password)', async () => {
    const app = await application('Revoked', { mode: 'required', rememberDeviceDays: 30 });
    const userId = await newUser('otto@acme.example');
    const laptop: Browser = {};
    await answerCode(
      (await passwordStep(app, 'otto@acme.example', laptop)).answer,
      'otto@acme.example',
      laptop,
      true,
    );
    signedIn((await passwordStep(app, 'otto@acme.example', laptop)).answer);
    // The change writes idaas.user.credentials_revoked.v1 into the user's outbox; the region relays
    // and consumes it.
    await users.changePassword(tenantId, userId, PASSWORD, { reason: 'password_changed' });
    const devices = mongo.db(identityDatabaseName(eu)).collection(KNOWN_DEVICES);
    await eventually(
      async () =>
        (await devices.findOne({ tenantId, userId }))?.mfaRememberedUntil === undefined ? true : undefined,
      { what: 'the remembered browser forgotten' },
    );
    codeAsked((await passwordStep(app, 'otto@acme.example', laptop)).answer);
  });

  it('lets the user forget every remembered browser (DELETE /me/remembered-devices)', async () => {
    const app = await application('Forget', { mode: 'required', rememberDeviceDays: 30 });
    await newUser('una@acme.example');
    const laptop: Browser = {};
    const first = await passwordStep(app, 'una@acme.example', laptop);
    const done = await answerCode(first.answer, 'una@acme.example', laptop, true);
    const { accessToken } = await tokensFor(app, done, first.verifier);
    signedIn((await passwordStep(app, 'una@acme.example', laptop)).answer);
    const url = `${issuer}/me/remembered-devices`;
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(401);
    const forgotten = await fetch(url, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(forgotten.status).toBe(204);
    codeAsked((await passwordStep(app, 'una@acme.example', laptop)).answer);
  });

  it('explains which rule fires for assumed signals, and says signals are per sign-in', async () => {
    const app = await application('Explained', {
      mode: 'off',
      stepUpOnNewCountry: true,
      rememberDeviceDays: 7,
    });
    const userId = await newUser('eve@acme.example');
    const base = `/admin/tenants/${tenantId}/applications/${app.clientId}/mfa-decision?userId=${userId}`;
    type Explained = {
      mfa: { stepUpOnNewCountry: boolean };
      sources: Record<string, string>;
      risk: { newCountry: boolean; note: string };
      decision: { step: string; reasons: string[] };
    };
    const quiet = await regionAdmin<Explained>(base);
    expect(quiet.body.decision.step).toBe('none');
    expect(quiet.body.risk.note).toMatch(/per sign-in/);
    expect(quiet.body.sources['mfa.stepUpOnNewCountry']).toBe('application');
    const risky = await regionAdmin<Explained>(`${base}&newCountry=true`);
    expect(risky.body.decision.step).toBe('verify');
    expect(risky.body.decision.reasons).toContain(
      "adaptive rule stepUpOnNewCountry: the country differs from the user's last sign-in",
    );
    const bad = await regionAdmin<{ errors: { field: string }[] }>(`${base}&newCountry=maybe`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toContain('query.newCountry');
  });
});
