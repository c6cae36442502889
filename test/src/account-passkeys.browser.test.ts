import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { BrowserContext, Page } from 'playwright-core';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { signInThroughPages } from './support/hosted-login';
import { fetchPage, postForm, readForm } from './support/hosted-pages';
import { loopbackClient, type LoopbackClient } from './support/loopback-client';
import { uniqueRegion } from './support/names';
import {
  NativeClients,
  openPasskeyBrowser,
  startStackAtLocalhost,
  type PasskeyBrowser,
} from './support/passkey-browser';
import { startStack } from './support/stack';
import { recordUserTopic } from './support/user-topic';
import { eventually } from './support/wait';

const ARTIFACTS = join(__dirname, '..', 'artifacts');
const SCREENSHOT = join(ARTIFACTS, 'account-passkeys.png');
const MANAGE_SCREENSHOT = join(ARTIFACTS, 'account-passkeys-manage.png');
const OVERVIEW_SCREENSHOT = join(ARTIFACTS, 'account-security.png');

/**
 * The signed-in user's own passkeys (`/t/{tenant}/account/passkeys`) in headless Chromium with a
 * virtual authenticator: sign in with the password, add a passkey, sign out, sign in with the
 * passkey alone, remove it, and see passwordless refused. Without a browser: no session, another
 * tenant's session and a stale session change nothing, and the page says why.
 */
describe('account page: the user manages their own passkeys', () => {
  const eu = uniqueRegion('accp');
  const slug = `accp-${eu}`;
  const otherSlug = `accp-other-${eu}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  const email = 'grace@example.com';
  const password = 'compilers all the way down';
  const credentials = { email, password };
  let stack: Awaited<ReturnType<typeof startStack>>;
  let browser: PasskeyBrowser;
  let context: BrowserContext;
  let page: Page;
  let callback: LoopbackClient;
  let base: string;
  let tenantId: string;
  let userId: string;
  let clients: NativeClients;
  let topic: Awaited<ReturnType<typeof recordUserTopic>>;

  const accountUrl = (tenant: string) => `${base}/t/${tenant}/account/passkeys`;
  const authorizeUrl = (tenant: string) => clients.authorizeUrl(tenant);
  const idTokenAt = (url: string) => clients.idTokenAt(slug, url);

  /** The passkeys the region keeps for the user, as the admin API lists them. */
  const storedPasskeys = async () => {
    const res = await fetch(`${base}/admin/tenants/${tenantId}/users/${userId}/mfa`, {
      headers: { authorization: `Bearer ${stack.operatorToken}` },
    });
    const body = (await res.json()) as { enrolments: { method: string; label?: string }[] };
    return body.enrolments.filter((e) => e.method === 'webauthn');
  };

  /** A session cookie of a password sign-in by HTTP, as a browser without JavaScript gets it. */
  const httpSession = async () => {
    const { response, sessionCookie } = await signInThroughPages(authorizeUrl(slug), credentials);
    expect(response.status).toBe(303);
    return sessionCookie!;
  };

  beforeAll(async () => {
    await mongo.connect();
    callback = await loopbackClient();
    ({ stack, base } = await startStackAtLocalhost(eu));
    topic = await recordUserTopic(eu, `mgmt_${eu}.`);
    tenantId = await stack.createTenant(slug, eu);
    const otherTenantId = await stack.createTenant(otherSlug, eu);
    clients = new NativeClients({ stack, base, callbackUrl: callback.callbackUrl, state: 'account-state' });
    await clients.register(slug, tenantId, 'Account Desk');
    await clients.register(otherSlug, otherTenantId, 'Account Desk');
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

  it('adds a passkey after a password sign-in and lists it; further changes then ask for it', async () => {
    await page.goto(authorizeUrl(slug));
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(callback.callbackUrl)),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    await page.goto(accountUrl(slug));
    expect(await page.textContent('h1')).toBe('Your passkeys');
    await expect(page.locator('#passkeys').textContent()).resolves.toContain('You have no passkeys yet.');
    await page.getByLabel('Name for this passkey (optional)').fill('Work laptop');
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('done') === 'added'),
      page.getByRole('button', { name: 'Add a passkey' }).click(),
    ]);
    await expect(page.getByRole('status').textContent()).resolves.toBe('The passkey was added.');
    const listed = await page.locator('#passkeys li').allTextContents();
    expect(listed.map((text) => text.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^Work laptop Added \w{3} \d{1,2}, \d{4}, not used yet$/),
    ]);
    // The passkey is now the user's second factor, and this session signed in with the password only.
    await expect(page.locator('#reauthenticate').textContent()).resolves.toContain(
      'changing passkeys needs a sign-in with your second factor within the last 15 minutes',
    );
    expect(await page.getByRole('button', { name: 'Remove Work laptop' }).count()).toBe(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(await storedPasskeys()).toEqual([expect.objectContaining({ label: 'Work laptop' })]);
  });

  it('signs out, then signs in with that passkey alone', async () => {
    await page.goto(`${base}/t/${slug}/oauth2/logout`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toBe('You are signed out.');
    await page.goto(authorizeUrl(slug));
    await page.getByRole('link', { name: 'Sign in with a passkey' }).click();
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(callback.callbackUrl)),
      page.getByRole('button', { name: 'Sign in with a passkey' }).click(),
    ]);
    const claims = await idTokenAt(page.url());
    expect(claims.sub).toBe(userId);
    expect(claims.amr).toEqual(expect.arrayContaining(['mfa']));
    expect(claims.amr.some((v) => v === 'hwk' || v === 'swk')).toBe(true);
  });

  it('removes the passkey from the session that used it; passwordless is then refused', async () => {
    await page.goto(accountUrl(slug));
    expect(await page.locator('#reauthenticate').count()).toBe(0);
    await page.screenshot({ path: MANAGE_SCREENSHOT, fullPage: true });
    // The account security overview counts the passkey and leads here.
    await page.getByRole('link', { name: 'Back to sign-in security' }).click();
    expect(await page.textContent('h1')).toBe('Sign-in security');
    await expect(page.locator('#passkey-count').textContent()).resolves.toBe('Registered: 1');
    await page.screenshot({ path: OVERVIEW_SCREENSHOT, fullPage: true });
    await page.getByRole('link', { name: 'Manage passkeys and security keys' }).click();
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('done') === 'removed'),
      page.getByRole('button', { name: 'Remove Work laptop' }).click(),
    ]);
    await expect(page.getByRole('status').textContent()).resolves.toBe('The passkey was removed.');
    await expect(page.locator('#passkeys').textContent()).resolves.toContain('You have no passkeys yet.');
    expect(await storedPasskeys()).toEqual([]);
    // What a security team's consumer of the user topic saw: the key added, then removed; no label.
    const changes = await eventually(
      async () => {
        const seen = topic.of(userId).filter((e) => e.type === 'idaas.user.mfa.changed.v1');
        return seen.length >= 2 ? seen : undefined;
      },
      { what: 'two second-factor changes on the user topic' },
    );
    expect(changes.map((e) => e.data)).toEqual([
      { userId, method: 'webauthn', change: 'enrolled', actor: 'user' },
      { userId, method: 'webauthn', change: 'removed', actor: 'user' },
    ]);

    await context.clearCookies();
    await page.goto(authorizeUrl(slug));
    await page.getByRole('link', { name: 'Sign in with a passkey' }).click();
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/login/passkey')),
      page.getByRole('button', { name: 'Sign in with a passkey' }).click(),
    ]);
    await page.waitForLoadState('load');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('This passkey was not accepted.');
  });

  it('without a session: "sign in first", no list, no registration', async () => {
    const shown = await fetchPage(accountUrl(slug));
    expect(shown.status).toBe(403);
    expect(shown.text).toContain('You are not signed in');
    expect(shown.text).not.toContain('<form');
    const added = await postForm(accountUrl(slug), { csrf_token: 'x', credential: '{}' });
    expect(added.status).toBe(403);
    expect(added.text).toContain('You are not signed in');
  });

  it("another tenant's session cookie gets nothing", async () => {
    const cookie = await httpSession();
    const own = await fetchPage(accountUrl(slug), { headers: { cookie } });
    expect(own.status).toBe(200);
    const form = readForm(own.text);
    const elsewhere = await fetchPage(accountUrl(otherSlug), { headers: { cookie } });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.text).toContain('You are not signed in');
    const posted = await postForm(
      `${accountUrl(otherSlug)}/remove`,
      { ...form.hidden, credential_id: 'x' },
      cookie,
    );
    expect(posted.status).toBe(403);
    // The own page's form without its token is the CSRF error page.
    const forged = await postForm(form.action, { csrf_token: 'forged', credential: '{}' }, cookie);
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('The form was not accepted.');
  });

  it('a session older than 15 minutes may not change passkeys, and the page says why', async () => {
    const cookie = await httpSession();
    const fresh = await fetchPage(accountUrl(slug), { headers: { cookie } });
    expect(fresh.text).toContain('id="webauthn-form"');
    const form = readForm(fresh.text);
    // The stack has no settable clock: the sessions' sign-in moves back instead.
    await mongo
      .db(`idaas_${eu}_authentication`)
      .collection('sessions')
      .updateMany({ tenantId, userId }, { $set: { authTime: new Date(Date.now() - 16 * 60_000) } });
    const refused = await postForm(form.action, { ...form.hidden, credential: '{}' }, cookie);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('changing passkeys needs a sign-in within the last 15 minutes');
    expect(refused.text).toContain(`href="${base}/t/${slug}/oauth2/logout"`);
    expect(refused.text).not.toContain('<form');
    const shown = await fetchPage(accountUrl(slug), { headers: { cookie } });
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('changing passkeys needs a sign-in within the last 15 minutes');
    expect(shown.text).not.toContain('id="webauthn-form"');
  });
});
