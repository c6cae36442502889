import { MongoClient } from 'mongodb';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { fetchPage, loginFlowOf, pkce } from './hosted-pages';
import type { DemoTenant } from './seed';

/**
 * RFC 8252 section 7.3: a native app listens on the loopback IP, any port. Nothing listens here
 * by default: the browser shows "cannot connect", with the code in the address bar.
 */
export const DEMO_REDIRECT_URI = 'http://127.0.0.1:8765/callback';
export const DEMO_APP_NAME = 'Demo native app';
export const DEMO_EMAIL = 'demo@example.com';
// A fixed password on a laptop, like the operator secret, so the printed sign-in keeps working.
const DEMO_PASSWORD = process.env.DEMO_USER_PASSWORD ?? 'demo-password-4-local-use';

export interface DemoLogin {
  tenantId: string;
  clientId: string;
  email: string;
  password: string;
  /** Created by this start, or found from an earlier one. */
  userCreated: boolean;
  authorizeUrl: string;
  codeVerifier: string;
  discoveryUrl: string;
  tokenUrl: string;
  /** The hosted account security page, for the browser that signed in. */
  accountUrl: string;
}

interface Admin {
  managementUrl: string;
  token: string;
}

async function call<T>(admin: Admin, path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${admin.managementUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} failed: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** The demo tenant's id: a second start only knows its slug (creating it answered 409). */
async function tenantIdOf(admin: Admin, slug: string): Promise<string> {
  let cursor: string | undefined;
  do {
    const page = await call<{ items: { tenantId: string; slug: string }[]; nextCursor?: string }>(
      admin,
      `/admin/tenants?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    const found = page.items.find((t) => t.slug === slug);
    if (found) return found.tenantId;
    cursor = page.nextCursor;
  } while (cursor);
  throw new Error(`the demo tenant '${slug}' is not listed`);
}

/** The demo native application, registered once; found by name on later starts. */
async function demoApplication(admin: Admin, tenantId: string): Promise<string> {
  const path = `/admin/tenants/${tenantId}/applications`;
  const { items } = await call<{ items: { clientId: string; name: string }[] }>(admin, `${path}?limit=500`);
  const existing = items.find((a) => a.name === DEMO_APP_NAME);
  if (existing) return existing.clientId;
  const created = await call<{ clientId: string }>(admin, path, {
    method: 'POST',
    body: {
      name: DEMO_APP_NAME,
      kind: 'native',
      redirectUris: [DEMO_REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token'],
    },
  });
  return created.clientId;
}

/**
 * The demo user in the tenant's home region, where the region's key manager looks users up.
 * Found by email on later starts, and then left as it is (its password may have been changed).
 */
async function demoUser(mongodbUri: string, tenant: DemoTenant & { tenantId: string }): Promise<boolean> {
  const client = new MongoClient(mongodbUri);
  await client.connect();
  try {
    const users = new MongoUserDirectory(client.db(identityDatabaseName(tenant.homeRegion)), {
      region: tenant.homeRegion,
      source: `/idaas/${tenant.homeRegion}/dev-seed`,
    });
    if (await users.findByEmail(tenant.tenantId, DEMO_EMAIL)) return false;
    await users.create(tenant.tenantId, {
      email: DEMO_EMAIL,
      password: DEMO_PASSWORD,
      state: 'active',
      emailVerified: true,
      profile: { name: 'Demo User', givenName: 'Demo', familyName: 'User' },
    });
    return true;
  } finally {
    await client.close();
  }
}

/** Waits until the region knows the application, so the printed link works when it is printed. */
async function untilServed(authorizeUrl: string, timeoutMs = 60000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    // An unknown client gets our error page (400); a known one the login page itself.
    if (loginFlowOf(await fetchPage(authorizeUrl))) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('the demo application did not reach the region in time');
}

/**
 * Everything needed to sign in to the demo tenant from a browser: a public native application
 * with a loopback redirect URI, a user, and an authorization URL with a fresh PKCE challenge
 * whose verifier is printed beside it for the code exchange.
 */
export async function seedDemoLogin(
  admin: Admin,
  demo: DemoTenant,
  regionUrl: string,
  mongodbUri: string,
): Promise<DemoLogin> {
  const tenantId = await tenantIdOf(admin, demo.slug);
  const clientId = await demoApplication(admin, tenantId);
  const userCreated = await demoUser(mongodbUri, { ...demo, tenantId });
  const issuer = `${regionUrl}/t/${demo.slug}`;
  const { verifier, challenge } = pkce();
  const authorizeUrl = `${issuer}/oauth2/authorize?${new URLSearchParams({
    client_id: clientId,
    redirect_uri: DEMO_REDIRECT_URI,
    response_type: 'code',
    scope: 'openid profile email',
    state: 'demo',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString()}`;
  await untilServed(authorizeUrl);
  return {
    tenantId,
    clientId,
    email: DEMO_EMAIL,
    password: DEMO_PASSWORD,
    userCreated,
    authorizeUrl,
    codeVerifier: verifier,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    tokenUrl: `${issuer}/oauth2/token`,
    accountUrl: `${issuer}/account`,
  };
}
