import * as oidc from 'openid-client';
import { signInThroughPages } from './hosted-login';
import type { PageResponse } from './hosted-pages';
import { basicAuth, type startStack } from './stack';
import { eventually } from './wait';

type Stack = Awaited<ReturnType<typeof startStack>>;

/** A web application of a tenant in one region, as openid-client sees it. */
export interface WebApplication {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  config: oidc.Configuration;
}

/** The PKCE verifier, state and nonce of one authorization request, to redeem its code with. */
export interface CodeFlowRequest {
  verifier: string;
  state: string;
  nonce: string;
}

/**
 * Registers a web application with the code and client-credentials grants and waits until the
 * region serves it: a client-credentials grant there succeeds. (The tenant's discovery document
 * answers earlier, before the application and its policy override have reached the region.)
 */
export async function webApplication(
  stack: Stack,
  at: { region: string; slug: string; tenantId: string },
  name: string,
  redirectUri: string,
): Promise<WebApplication> {
  const app = (
    await stack.admin<{ clientId: string; clientSecret: string }>(
      `/admin/tenants/${at.tenantId}/applications`,
      'POST',
      {
        kind: 'web',
        name,
        redirectUris: [redirectUri],
        grantTypes: ['authorization_code', 'client_credentials'],
      },
    )
  ).body;
  const issuer = `${stack.authentication[at.region]!.url}/t/${at.slug}`;
  await eventually(
    async () =>
      (
        await fetch(`${issuer}/oauth2/token`, {
          method: 'POST',
          headers: {
            authorization: basicAuth(app.clientId, app.clientSecret),
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ grant_type: 'client_credentials' }),
        })
      ).ok,
    { what: 'the application in the region' },
  );
  const config = await oidc.discovery(
    new URL(issuer),
    app.clientId,
    {},
    oidc.ClientSecretBasic(app.clientSecret),
    { execute: [oidc.allowInsecureRequests] },
  );
  return { issuer, ...app, redirectUri, config };
}

/**
 * Starts a code-flow sign-in (openid-client's URL, scope `openid` unless `extra` says otherwise)
 * and posts the password on the hosted login page. The answer is not followed: a 303 to the next
 * step (second factor, new password, consent) or to the client, or the login page again.
 */
export async function passwordStep(
  app: Pick<WebApplication, 'config' | 'redirectUri'>,
  credentials: { email: string; password: string },
  extra: Record<string, string> = {},
  /** What the browser sends with every request (its cookies), as `signInThroughPages` takes it. */
  browser: Record<string, string> = {},
): Promise<CodeFlowRequest & { response: PageResponse }> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(app.config, {
    redirect_uri: app.redirectUri,
    scope: 'openid',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  const { response } = await signInThroughPages(url.href, credentials, browser);
  return { response, verifier, state, nonce };
}

/** Redeems the code of the 303 back to the client that ended a sign-in; the tokens with an ID token. */
export async function redeem(
  app: Pick<WebApplication, 'config'>,
  at: PageResponse,
  request: CodeFlowRequest,
) {
  expect(at.status).toBe(303);
  return oidc.authorizationCodeGrant(app.config, new URL(at.location!), {
    pkceCodeVerifier: request.verifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
    idTokenExpected: true,
  });
}
