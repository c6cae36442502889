import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { fetchPage, loginFlowOf, pkce } from './support/hosted-pages';
import { loopbackClient, type LoopbackClient } from './support/loopback-client';
import { uniqueRegion } from './support/names';
import { startStack } from './support/stack';
import { eventually } from './support/wait';

const ARTIFACTS = join(__dirname, '..', 'artifacts');
const SCREENSHOT = join(ARTIFACTS, 'hosted-login.png');

/** A real sign-in on the hosted login page in headless Chromium, back to a loopback client. */
describe('hosted login in a browser', () => {
  const eu = uniqueRegion('hb');
  const slug = `hb-${eu}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  const email = 'grace@example.com';
  const password = 'a long and unguessable passphrase';
  let stack: Awaited<ReturnType<typeof startStack>>;
  let browser: Browser;
  let callback: LoopbackClient;
  let callbackUrl: string;
  let clientId: string;
  let issuer: string;

  beforeAll(async () => {
    await mongo.connect();
    callback = await loopbackClient();
    callbackUrl = callback.callbackUrl;

    stack = await startStack([eu], `mgmt_${eu}`);
    const tenantId = await stack.createTenant(slug, eu);
    issuer = `${stack.authentication[eu]!.url}/t/${slug}`;
    const branding = await stack.admin(`/admin/tenants/${tenantId}/branding`, 'PUT', {
      productName: 'Nimbus Payroll',
      colors: { primary: '#5b2a86', background: '#f7f5fb', text: '#1d1b20' },
      defaultLocale: 'en',
      supportedLocales: ['en', 'de'],
    });
    expect(branding.status).toBe(200);
    const app = await stack.admin<{ clientId: string }>(`/admin/tenants/${tenantId}/applications`, 'POST', {
      name: 'Nimbus Desktop',
      kind: 'native',
      redirectUris: [callbackUrl],
    });
    expect(app.status).toBe(201);
    clientId = app.body.clientId;
    const users = new MongoUserDirectory(mongo.db(identityDatabaseName(eu)), { region: eu, source: '/test' });
    await users.create(tenantId, { email, password, state: 'active', emailVerified: true });
    await eventually(
      async () => {
        const login = await fetchPage(authorizeUrl());
        return loginFlowOf(login) && login.text.includes('Nimbus Payroll') ? true : undefined;
      },
      { what: 'the application and the branding in the region' },
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await mongo.close();
    await callback?.close();
  });

  const { challenge } = pkce();
  const authorizeUrl = (extra: Record<string, string> = {}) =>
    `${issuer}/oauth2/authorize?${new URLSearchParams({
      client_id: clientId,
      redirect_uri: callbackUrl,
      response_type: 'code',
      scope: 'openid email',
      state: 'browser-state',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    })}`;

  it('signs in on the branded login page and lands at the client with a code', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 800, height: 720 } });
    const page = await context.newPage();
    await page.goto(authorizeUrl());
    // The authorization request answers with the login page itself: no redirect on the way.
    expect(new URL(page.url()).pathname).toBe(`/t/${slug}/oauth2/authorize`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe('Sign in to Nimbus Payroll');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(callbackUrl)),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    const landed = new URL(page.url());
    expect(landed.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(landed.searchParams.get('state')).toBe('browser-state');
    expect(landed.searchParams.get('iss')).toBe(issuer);
    // The SSO cookie is HttpOnly and scoped to the tenant.
    const session = (await context.cookies()).find((c) => c.name === 'idaas_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: `/t/${slug}` });
    await context.close();

    const png = readFileSync(SCREENSHOT);
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
      true,
    );
  });

  it('shows the page in German to a German browser, with the error tied to the fields', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(authorizeUrl());
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    await page.getByLabel('E-Mail').fill(email);
    await page.getByLabel('Passwort').fill('wrong');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe(
      'E-Mail oder Passwort ist nicht korrekt.',
    );
    expect(await page.getByLabel('Passwort').getAttribute('aria-describedby')).toBe('login-error');
    // The form posts to the flow's login page, which shows the error.
    expect(page.url()).toContain(`${issuer}/login?flow=`);
    await context.close();
  });
});
