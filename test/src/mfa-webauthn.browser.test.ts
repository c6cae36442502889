import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { BrowserContext, Page } from 'playwright-core';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import {
  NativeClients,
  openPasskeyBrowser,
  startStackAtLocalhost,
  type PasskeyBrowser,
} from './support/passkey-browser';
import { fetchPage, loginFlowOf, postForm, readForm } from './support/hosted-pages';
import { loopbackClient, type LoopbackClient } from './support/loopback-client';
import { uniqueRegion } from './support/names';
import { startStack } from './support/stack';
import { recordUserTopic } from './support/user-topic';
import { eventually } from './support/wait';

const ARTIFACTS = join(__dirname, '..', 'artifacts');
const SCREENSHOT = join(ARTIFACTS, 'mfa-webauthn-enrolment.png');
const ACR_MFA = 'urn:idaas:acr:mfa';
const SIGNIN_V1 = 'idaas.user.signin.succeeded.v1';
const SIGNIN_V2 = 'idaas.user.signin.succeeded.v2';

/**
 * Passkeys in headless Chromium with a virtual authenticator (DevTools protocol WebAuthn domain):
 * enrolment at first sign-in, the passkey as second factor, sign-in with the passkey alone; an
 * assertion over a spent challenge and a passkey of another tenant's user are refused. The
 * region is served at `localhost`: an RP ID cannot be an IP address.
 */
describe('WebAuthn / passkeys in a browser', () => {
  const eu = uniqueRegion('mfaw');
  const slug = `mfaw-${eu}`;
  const otherSlug = `mfaw-other-${eu}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  const email = 'hedy@example.com';
  const password = 'frequency hopping spread spectrum';
  let stack: Awaited<ReturnType<typeof startStack>>;
  let topic: Awaited<ReturnType<typeof recordUserTopic>>;
  let browser: PasskeyBrowser;
  let context: BrowserContext;
  let page: Page;
  let callback: LoopbackClient;
  let callbackUrl: string;
  let base: string;
  let tenantId: string;
  let userId: string;
  let clients: NativeClients;
  /** The form body the browser posted for the passwordless sign-in, to replay. */
  let postedAssertion = '';

  const authorizeUrl = (tenant: string) => clients.authorizeUrl(tenant);
  const idTokenAt = (url: string) => clients.idTokenAt(slug, url);

  const passwordStep = async () => {
    await page.goto(authorizeUrl(slug));
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  beforeAll(async () => {
    await mongo.connect();
    callback = await loopbackClient();
    callbackUrl = callback.callbackUrl;
    ({ stack, base } = await startStackAtLocalhost(eu));
    tenantId = await stack.createTenant(slug, eu);
    topic = await recordUserTopic(eu, `mgmt_${eu}.`);
    const otherTenantId = await stack.createTenant(otherSlug, eu);
    expect(
      (await stack.admin(`/admin/tenants/${tenantId}/policy`, 'PUT', { mfa: { mode: 'required' } })).status,
    ).toBe(200);
    clients = new NativeClients({ stack, base, callbackUrl, state: 'webauthn-state' });
    await clients.register(slug, tenantId, 'Passkey Desk');
    await clients.register(otherSlug, otherTenantId, 'Passkey Desk');
    const users = new MongoUserDirectory(mongo.db(identityDatabaseName(eu)), { region: eu, source: '/test' });
    userId = (await users.create(tenantId, { email, password, state: 'active', emailVerified: true })).userId;
    browser = await openPasskeyBrowser();
    ({ context, page } = browser);
  });

  afterAll(async () => {
    await browser?.close();
    await topic?.close();
    await stack?.close();
    await mongo.close();
    await callback?.close();
  });

  it('enrols a passkey at first sign-in, shows recovery codes, and lists it without key material', async () => {
    await passwordStep();
    await page.waitForURL((url) => url.pathname.endsWith('/login/mfa/enrol'));
    await page.getByRole('link', { name: 'Use a passkey or security key instead' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/login/mfa/enrol/webauthn'));
    expect(await page.textContent('h1')).toBe('Protect your account with a passkey');
    await page.getByLabel('Name for this passkey (optional)').fill('Test laptop');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.getByRole('button', { name: 'Create a passkey' }).click();
    await page.waitForSelector('#recovery-codes');
    expect(await page.textContent('h1')).toBe('Save your recovery codes');
    expect(await page.locator('#recovery-codes li').count()).toBe(10);
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(callbackUrl)),
      page.getByRole('button', { name: 'I have saved them, continue' }).click(),
    ]);
    const claims = await idTokenAt(page.url());
    expect(claims.sub).toBe(userId);
    expect(claims.amr).toEqual(['pwd', 'hwk', 'user', 'mfa']);
    expect(claims.acr).toBe(ACR_MFA);

    const listed = await fetch(`${base}/admin/tenants/${tenantId}/users/${userId}/mfa`, {
      headers: { authorization: `Bearer ${stack.operatorToken}` },
    });
    expect(listed.status).toBe(200);
    const body = (await listed.json()) as { enrolments: Record<string, unknown>[] };
    const passkey = body.enrolments.find((e) => e.method === 'webauthn');
    expect(passkey).toMatchObject({ method: 'webauthn', label: 'Test laptop' });
    expect(Object.keys(passkey!).sort()).toEqual(['enrolledAt', 'label', 'method']);
    expect(body.enrolments.find((e) => e.method === 'recovery_code')).toMatchObject({ remaining: 10 });
    expect(
      readFileSync(SCREENSHOT)
        .subarray(0, 4)
        .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])),
    ).toBe(true);
  });

  it('signs in with the password, then the passkey as second factor', async () => {
    await context.clearCookies();
    await passwordStep();
    await page.waitForURL((url) => url.pathname.endsWith('/login/mfa/webauthn'));
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(callbackUrl)),
      page.getByRole('button', { name: 'Use security key or passkey' }).click(),
    ]);
    expect(new URL(page.url()).searchParams.get('state')).toBe('webauthn-state');
    const claims = await idTokenAt(page.url());
    expect(claims.amr).toEqual(['pwd', 'hwk', 'user', 'mfa']);
    expect(claims.acr).toBe(ACR_MFA);
  });

  it('signs in with the passkey alone: it names the user, and counts as multi-factor', async () => {
    await context.clearCookies();
    // The two sign-ins before (enrolment, then password + passkey) are on the user topic first.
    const signInEvents = () => topic.of(userId).filter((e) => e.type === SIGNIN_V1 || e.type === SIGNIN_V2);
    const before = await eventually(
      async () =>
        signInEvents().filter((e) => e.type === SIGNIN_V2).length === 2 ? signInEvents() : undefined,
      { what: 'the earlier sign-ins on the user topic' },
    );
    expect(before.filter((e) => e.type === SIGNIN_V2).map((e) => e.data)).toEqual([
      { userId, method: 'password', amr: ['pwd', 'hwk', 'user', 'mfa'], passwordResetRequired: false },
      { userId, method: 'password', amr: ['pwd', 'hwk', 'user', 'mfa'], passwordResetRequired: false },
    ]);
    await page.route('**/login/passkey?*', async (route) => {
      if (route.request().method() === 'POST') postedAssertion = route.request().postData() ?? '';
      await route.continue();
    });
    await page.goto(authorizeUrl(slug));
    await page.getByRole('link', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/login/passkey'));
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(callbackUrl)),
      page.getByRole('button', { name: 'Sign in with a passkey' }).click(),
    ]);
    await page.unroute('**/login/passkey?*');
    const claims = await idTokenAt(page.url());
    expect(claims.sub).toBe(userId);
    expect(claims.amr).toEqual(['hwk', 'user', 'mfa']);
    expect(claims.acr).toBe(ACR_MFA);
    // Exactly one event: v2 with the passkey. No v1, which tells of passwords only (and a v1 of
    // this sign-in would come before its v2: one user's events keep their order on the topic).
    const after = await eventually(
      async () => (signInEvents().length > before.length ? signInEvents().slice(before.length) : undefined),
      { what: 'the passkey sign-in on the user topic' },
    );
    expect(after.map((e) => [e.type, e.data])).toEqual([
      [SIGNIN_V2, { userId, method: 'passkey', amr: ['hwk', 'user', 'mfa'], passwordResetRequired: false }],
    ]);
  });

  it('refuses a replayed assertion: its challenge was spent, and another flow has its own', async () => {
    const credential = new URLSearchParams(postedAssertion).get('credential') ?? '';
    expect(credential).toContain('"authenticatorData"');
    const login = await fetchPage(authorizeUrl(slug));
    const flowId = loginFlowOf(login)!;
    expect(flowId).toBeDefined();
    const shown = await fetchPage(`${base}/t/${slug}/login/passkey?flow=${flowId}`);
    expect(shown.status).toBe(200);
    const form = readForm(shown.text);
    const replayed = await postForm(form.action, { ...form.hidden, credential });
    expect(replayed.status).toBe(400);
    expect(replayed.text).toContain('This passkey was not accepted.');
    // The page shown with the refusal has a fresh challenge; the old assertion does not answer it either.
    const again = readForm(replayed.text);
    const twice = await postForm(again.action, { ...again.hidden, credential });
    expect(twice.status).toBe(400);
  });

  it("refuses the passkey of another tenant's user, although the browser offers it there", async () => {
    await context.clearCookies();
    await page.goto(authorizeUrl(otherSlug));
    await page.getByRole('link', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/login/passkey'));
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/login/passkey')),
      page.getByRole('button', { name: 'Sign in with a passkey' }).click(),
    ]);
    await page.waitForLoadState('load');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('This passkey was not accepted.');
    expect(new URL(page.url()).pathname).toBe(`/t/${otherSlug}/login/passkey`);
  });
});
