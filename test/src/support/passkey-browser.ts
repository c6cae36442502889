import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { freePort } from './free-port';
import { fetchPage, loginFlowOf, pkce } from './hosted-pages';
import { startStack } from './stack';
import { eventually } from './wait';

type Stack = Awaited<ReturnType<typeof startStack>>;

/*
 * What the passkey browser suites share: a region served at `localhost` (an RP ID cannot be an
 * IP address), a virtual authenticator in Chromium, and the claims of the ID token they get.
 */

/** The stack of one region, served at `base`: `http://localhost:` and a free port. */
export async function startStackAtLocalhost(region: string): Promise<{ stack: Stack; base: string }> {
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const stack = await startStack([region], `mgmt_${region}`, undefined, {
    PORT: String(port),
    REGION_BASE_URL: base,
  });
  return { stack, base };
}

/**
 * A platform authenticator that holds discoverable credentials and verifies the user, answering
 * at once (DevTools protocol, WebAuthn domain): what a laptop's fingerprint reader does.
 */
export async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/** Chromium with one page whose context holds the virtual authenticator; `close` ends both. */
export interface PasskeyBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openPasskeyBrowser(): Promise<PasskeyBrowser> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    await addVirtualAuthenticator(context, page);
    return {
      context,
      page,
      close: async () => {
        await context.close();
        await browser.close();
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * The native applications a passkey suite signs in to, one per tenant of the region at `base`,
 * all redirecting to one loopback callback and sharing one PKCE pair and `state`.
 */
export class NativeClients {
  private readonly clientIds: Record<string, string> = {};
  private readonly code = pkce();

  constructor(private readonly at: { stack: Stack; base: string; callbackUrl: string; state: string }) {}

  authorizeUrl(tenant: string): string {
    return `${this.at.base}/t/${tenant}/oauth2/authorize?${new URLSearchParams({
      client_id: this.clientIds[tenant]!,
      redirect_uri: this.at.callbackUrl,
      response_type: 'code',
      scope: 'openid',
      state: this.at.state,
      code_challenge: this.code.challenge,
      code_challenge_method: 'S256',
    })}`;
  }

  /** Registers the tenant's application and waits until the region answers its sign-ins with the login page. */
  async register(tenant: string, tenantId: string, name: string): Promise<void> {
    const app = await this.at.stack.admin<{ clientId: string }>(
      `/admin/tenants/${tenantId}/applications`,
      'POST',
      {
        name,
        kind: 'native',
        redirectUris: [this.at.callbackUrl],
      },
    );
    this.clientIds[tenant] = app.body.clientId;
    await eventually(
      async () => {
        return loginFlowOf(await fetchPage(this.authorizeUrl(tenant))) ? true : undefined;
      },
      { what: 'the application in the region' },
    );
  }

  /** Redeems the code the browser brought to the client (`url`); the ID token's claims. */
  async idTokenAt(tenant: string, url: string) {
    const res = await fetch(`${this.at.base}/t/${tenant}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: new URL(url).searchParams.get('code') ?? '',
        redirect_uri: this.at.callbackUrl,
        client_id: this.clientIds[tenant]!,
        code_verifier: this.code.verifier,
      }),
    });
    expect(res.status).toBe(200);
    return idTokenClaims(((await res.json()) as { id_token: string }).id_token);
  }
}

/** The payload of an ID token, unchecked: the suites read what the token endpoint just issued. */
export const idTokenClaims = (idToken: string) =>
  JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString('utf8')) as {
    sub: string;
    amr: string[];
    acr: string;
  };
