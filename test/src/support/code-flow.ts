import * as oidc from 'openid-client';
import { signInThroughPages } from './hosted-login';
import { basicAuth, type startStack } from './stack';
import { eventually } from './wait';

type Stack = Awaited<ReturnType<typeof startStack>>;
export type Tokens = Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;

/** Where the application of `relyingParty` gets its codes. */
export const REDIRECT_URI = 'https://portal.example/callback';
const SCOPE = 'openid profile email offline_access';

/** A web application of a tenant as openid-client sees it. */
export interface RelyingParty {
  issuer: string;
  clientId: string;
  clientSecret: string;
  config: oidc.Configuration;
}

/** Registers a web application with the code and refresh grants, once the region serves it. */
export async function relyingParty(
  stack: Stack,
  region: string,
  slug: string,
  tenantId: string,
  /** More application settings, e.g. a back-channel logout URI. */
  settings: Record<string, unknown> = {},
): Promise<RelyingParty> {
  const app = await stack.admin<{ clientId: string; clientSecret: string }>(
    `/admin/tenants/${tenantId}/applications`,
    'POST',
    {
      kind: 'web',
      name: 'Portal',
      redirectUris: [REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token'],
      ...settings,
    },
  );
  if (app.status !== 201) throw new Error(`application: ${app.status} ${app.text}`);
  const issuer = `${stack.authentication[region]!.url}/t/${slug}`;
  const config = await eventually(
    () =>
      oidc.discovery(new URL(issuer), app.body.clientId, {}, oidc.ClientSecretBasic(app.body.clientSecret), {
        execute: [oidc.allowInsecureRequests],
      }),
    { what: 'the tenant discovery document' },
  );
  return { issuer, ...app.body, config };
}

/**
 * The code flow for real: openid-client's URL, the login form by HTTP, openid-client's code
 * exchange. Retries while the application is still on its way to the region.
 */
export async function signIn(
  rp: RelyingParty,
  credentials: { email: string; password: string },
): Promise<{ tokens: Tokens; sessionCookie: string }> {
  return eventually(
    async () => {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(rp.config, {
        redirect_uri: REDIRECT_URI,
        scope: SCOPE,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      const { response, sessionCookie } = await signInThroughPages(url.href, credentials);
      if (response.status !== 303 || !sessionCookie) throw new Error(`sign-in answered ${response.status}`);
      const tokens = await oidc.authorizationCodeGrant(rp.config, new URL(response.location!), {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      });
      return { tokens, sessionCookie };
    },
    { what: 'a sign-in through the code flow', timeoutMs: 30000 },
  );
}

/** A refresh at the token endpoint: the status and the OAuth error, if any. */
export async function refresh(rp: RelyingParty, refreshToken: string) {
  const res = await fetch(`${rp.issuer}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: basicAuth(rp.clientId, rp.clientSecret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  return { status: res.status, body: (await res.json()) as { error?: string; refresh_token?: string } };
}

/** Token introspection by the application (RFC 7662): whether the token is still active. */
export async function introspect(rp: RelyingParty, token: string): Promise<{ active: boolean }> {
  const res = await fetch(`${rp.issuer}/oauth2/introspect`, {
    method: 'POST',
    headers: {
      authorization: basicAuth(rp.clientId, rp.clientSecret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token }),
  });
  return (await res.json()) as { active: boolean };
}
