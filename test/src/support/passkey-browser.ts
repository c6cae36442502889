import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';

/*
 * What the passkey browser suites share: a region served at `localhost` (an RP ID cannot be an
 * IP address), a virtual authenticator in Chromium, and the claims of the ID token they get.
 */

/** A port free right now, so the region can be told its public URL (`localhost`) before it starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
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

/** The payload of an ID token, unchecked: the suites read what the token endpoint just issued. */
export const idTokenClaims = (idToken: string) =>
  JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString('utf8')) as {
    sub: string;
    amr: string[];
    acr: string;
  };
