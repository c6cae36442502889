import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { totpAt } from '@idaas/crypto';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { fetchPage, loginFlowOf, pkce } from './support/hosted-pages';
import { loopbackClient, type LoopbackClient } from './support/loopback-client';
import { uniqueRegion } from './support/names';
import { startStack } from './support/stack';
import { eventually } from './support/wait';

const ARTIFACTS = join(__dirname, '..', 'artifacts');
const SCREENSHOT = join(ARTIFACTS, 'mfa-enrolment.png');

/** The MFA steps of the hosted sign-in in headless Chromium: enrolment at first sign-in, then TOTP, then a recovery code. */
describe('multi-factor sign-in in a browser', () => {
  const eu = uniqueRegion('mfab');
  const slug = `mfab-${eu}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  const email = 'grace@example.com';
  const password = 'a long and unguessable passphrase';
  let stack: Awaited<ReturnType<typeof startStack>>;
  let browser: Browser;
  let callback: LoopbackClient | undefined;
  let callbackUrl: string;
  let clientId: string;
  let issuer: string;
  let secret = '';
  /** One of the recovery codes the enrolment showed, kept for the recovery-code sign-in. */
  let recoveryCode = '';

  const { verifier, challenge } = pkce();
  const authorizeUrl = () =>
    `${issuer}/oauth2/authorize?${new URLSearchParams({
      client_id: clientId,
      redirect_uri: callbackUrl,
      response_type: 'code',
      scope: 'openid',
      state: 'mfa-state',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })}`;

  /** Redeems the code the browser brought to the client (a public client with PKCE); the ID token's claims. */
  const idTokenAt = async (url: string) => {
    const res = await fetch(`${issuer}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: new URL(url).searchParams.get('code') ?? '',
        redirect_uri: callbackUrl,
        client_id: clientId,
        code_verifier: verifier,
      }),
    });
    expect(res.status).toBe(200);
    const { id_token } = (await res.json()) as { id_token: string };
    return JSON.parse(Buffer.from(id_token.split('.')[1]!, 'base64url').toString('utf8')) as {
      amr: string[];
      acr: string;
    };
  };

  const passwordStep = async (page: Page) => {
    await page.goto(authorizeUrl());
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  beforeAll(async () => {
    await mongo.connect();
    callback = await loopbackClient();
    callbackUrl = callback.callbackUrl;
    stack = await startStack([eu], `mgmt_${eu}`);
    const tenantId = await stack.createTenant(slug, eu);
    issuer = `${stack.authentication[eu]!.url}/t/${slug}`;
    expect(
      (await stack.admin(`/admin/tenants/${tenantId}/policy`, 'PUT', { mfa: { mode: 'required' } })).status,
    ).toBe(200);
    const app = await stack.admin<{ clientId: string }>(`/admin/tenants/${tenantId}/applications`, 'POST', {
      name: 'Nimbus Desktop',
      kind: 'native',
      redirectUris: [callbackUrl],
    });
    clientId = app.body.clientId;
    const users = new MongoUserDirectory(mongo.db(identityDatabaseName(eu)), { region: eu, source: '/test' });
    await users.create(tenantId, { email, password, state: 'active', emailVerified: true });
    await eventually(
      async () => {
        return loginFlowOf(await fetchPage(authorizeUrl())) ? true : undefined;
      },
      { what: 'the application in the region' },
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await mongo.close();
    await callback?.close();
  });

  it('enrols an authenticator at first sign-in, shows the recovery codes, then lands at the client', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    await passwordStep(page);
    await page.waitForURL((url) => url.pathname.endsWith('/login/mfa/enrol'));
    expect(await page.textContent('h1')).toBe('Protect your account with an authenticator app');
    secret = (await page.getAttribute('#totp-secret', 'data-secret')) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await page.getAttribute('#otpauth-link', 'href')).toContain(`otpauth://totp/`);
    // The QR code is a real image the browser decoded, not a broken link.
    expect(
      await page.$eval('#totp-qr', (img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(100);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.getByLabel('Six-digit code').fill(totpAt(secret, new Date()));
    await page.getByRole('button', { name: 'Turn on' }).click();
    expect(await page.textContent('h1')).toBe('Save your recovery codes');
    expect(await page.locator('#recovery-codes li').count()).toBe(10);
    recoveryCode = ((await page.locator('#recovery-codes li').last().textContent()) ?? '').trim();
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(callbackUrl)),
      page.getByRole('button', { name: 'I have saved them, continue' }).click(),
    ]);
    expect(new URL(page.url()).searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await context.close();
    const png = readFileSync(SCREENSHOT);
    expect(png.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBe(true);
  });

  it('signs in with the password, then a TOTP code computed by the test', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await passwordStep(page);
    await page.waitForURL((url) => url.pathname.endsWith('/login/mfa'));
    await page
      .getByLabel('Six-digit code')
      .fill('000000' === totpAt(secret, new Date()) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe(
      'The code is not correct or was already used.',
    );
    // The enrolment used this step; the next one is inside the window and not yet used.
    await page.getByLabel('Six-digit code').fill(totpAt(secret, new Date(Date.now() + 30_000)));
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(callbackUrl)),
      page.getByRole('button', { name: 'Verify' }).click(),
    ]);
    expect(new URL(page.url()).searchParams.get('state')).toBe('mfa-state');
    await context.close();
  });

  it('signs in with a recovery code instead, once: the same code again is refused', async () => {
    expect(recoveryCode).toMatch(/^[a-z2-7-]{8,}$/);
    const useRecoveryCode = async (page: Page) => {
      await passwordStep(page);
      await page.waitForURL((url) => url.pathname.endsWith('/login/mfa'));
      await page.getByText('Lost your device? Use a recovery code').click();
      await page.getByLabel('Recovery code', { exact: true }).fill(recoveryCode);
    };
    const first = await browser.newContext({ locale: 'en-US' });
    const page = await first.newPage();
    await useRecoveryCode(page);
    await Promise.all([
      page.waitForURL((url) => url.href.startsWith(callbackUrl)),
      page.getByRole('button', { name: 'Use recovery code' }).click(),
    ]);
    expect(new URL(page.url()).searchParams.get('state')).toBe('mfa-state');
    const claims = await idTokenAt(page.url());
    expect(claims.amr).toEqual(['pwd', 'rc', 'mfa']);
    expect(claims.acr).toBe('urn:idaas:acr:mfa');
    await first.close();

    // A fresh browser, so no SSO session skips the second factor.
    const second = await browser.newContext({ locale: 'en-US' });
    const again = await second.newPage();
    await useRecoveryCode(again);
    await again.getByRole('button', { name: 'Use recovery code' }).click();
    await expect(again.getByRole('alert').textContent()).resolves.toBe(
      'The code is not correct or was already used.',
    );
    expect(again.url().startsWith(callbackUrl)).toBe(false);
    await second.close();
  });
});
