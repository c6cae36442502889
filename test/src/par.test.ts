import { MongoClient } from 'mongodb';
import * as oidc from 'openid-client';
import { PushedAuthorizationRequests } from '@idaas/authentication-service/src/store/pushed-authorization-requests';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { signInThroughPages } from './support/hosted-login';
import { fetchPage, loginFlowOf } from './support/hosted-pages';
import { uniqueRegion } from './support/names';
import { basicAuth, startStack } from './support/stack';
import { eventually } from './support/wait';

type Stack = Awaited<ReturnType<typeof startStack>>;
type Client = { clientId: string; clientSecret: string };

const REDIRECT_URI = 'https://portal.example/callback';
const SECOND_REDIRECT_URI = 'https://portal.example/second-callback';
const SPA_REDIRECT_URI = 'https://spa.example/callback';
const EMAIL = 'ada@acme.example';
const PASSWORD = 'correct horse battery staple';
const USED_OR_EXPIRED = 'already used or has expired';

/**
 * Pushed authorization requests (RFC 9126) as clients use them: openid-client v6 pushes the
 * request and sends the browser to the authorization endpoint with only `client_id` and the
 * `request_uri`; the user signs in on the hosted login page by HTTP; the code is redeemed.
 */
describe('Pushed authorization requests (RFC 9126)', () => {
  const eu = uniqueRegion('par');
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  const slug = `acme-${eu}`;
  const otherSlug = `other-${eu}`;
  let stack: Stack;
  let tenantId: string;
  let issuer: string;
  let otherIssuer: string;
  let portal: Client;
  let poster: Client;
  let sibling: Client;
  let spa: Client;
  let otherPortal: Client;
  let pushOnly: Client;
  let config: oidc.Configuration;
  let pushOnlyConfig: oidc.Configuration;
  let pushedRequests: PushedAuthorizationRequests;

  const register = async (tenantId: string, body: Record<string, unknown>): Promise<Client> => {
    const res = await stack.admin<Client>(`/admin/tenants/${tenantId}/applications`, 'POST', body);
    expect(res.status).toBe(201);
    return res.body;
  };

  /** A push as a client sends it: Basic authentication, or (null) whatever credentials the form carries. */
  const push = async (
    fields: Record<string, string>,
    client: Client | null = portal,
    at = issuer,
  ): Promise<{ status: number; cacheControl: string | null; body: Record<string, string | number> }> => {
    const res = await fetch(`${at}/oauth2/par`, {
      method: 'POST',
      headers: {
        ...(client ? { authorization: basicAuth(client.clientId, client.clientSecret) } : {}),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(fields),
    });
    return {
      status: res.status,
      cacheControl: res.headers.get('cache-control'),
      body: (await res.json()) as Record<string, string | number>,
    };
  };

  /** Whether a push was accepted; else what was answered, for the readiness poll to report. */
  const accepted = (res: Awaited<ReturnType<typeof push>>): true => {
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return true;
  };

  /** A valid authorization request of the portal, PKCE included. */
  const codeRequest = async (extra: Record<string, string> = {}) => ({
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'openid',
    code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
    code_challenge_method: 'S256',
    ...extra,
  });

  /** A pushed request of the portal: its request_uri. */
  const pushed = async (client = portal, at = issuer): Promise<string> => {
    const res = await push(await codeRequest(), client, at);
    expect(res.status).toBe(201);
    return String(res.body.request_uri);
  };

  const authorizeWith = (requestUri: string, clientId = portal.clientId, at = issuer, extra = {}) =>
    fetchPage(
      `${at}/oauth2/authorize?${new URLSearchParams({ client_id: clientId, request_uri: requestUri, ...extra })}`,
    );

  /** The authorization endpoint took the pushed request: a 303 to the new login flow's page. */
  const expectLoginFlow = (page: Awaited<ReturnType<typeof fetchPage>>) => {
    expect(page.status).toBe(303);
    expect(page.location).toMatch(new RegExp(`/t/${slug}/login\\?flow=`));
  };

  const expectRefused = (page: Awaited<ReturnType<typeof fetchPage>>) => {
    expect(page.status).toBe(400);
    expect(page.text).toContain(USED_OR_EXPIRED);
  };

  /** The client's view of the server, as openid-client discovers it. */
  const configFor = (client: Client) =>
    oidc.discovery(new URL(issuer), client.clientId, {}, oidc.ClientSecretBasic(client.clientSecret), {
      execute: [oidc.allowInsecureRequests],
    });

  /** A plain (unpushed) authorization request: its URL with a fresh state. */
  const plainRequest = async (client: oidc.Configuration) => {
    const state = oidc.randomState();
    return { state, url: oidc.buildAuthorizationUrl(client, await codeRequest({ state })).href };
  };

  /** The error the client received at its redirect URI, with the request's state and our issuer. */
  const errorAtClient = (page: Awaited<ReturnType<typeof fetchPage>>, state: string) => {
    expect(page.status).toBe(303);
    const back = new URL(page.location!);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get('state')).toBe(state);
    expect(back.searchParams.get('iss')).toBe(issuer);
    return back.searchParams.get('error');
  };

  /** Follows the authorization endpoint's redirect to the login page, then posts the password. */
  const signInAt = async (authorizeUrl: string) => {
    const first = await fetchPage(authorizeUrl);
    expectLoginFlow(first);
    const { response } = await signInThroughPages(new URL(first.location!, authorizeUrl).href, {
      email: EMAIL,
      password: PASSWORD,
    });
    expect(response.status).toBe(303);
    return new URL(response.location!);
  };

  beforeAll(async () => {
    await mongo.connect();
    stack = await startStack([eu], `mgmt_${eu}`);
    tenantId = await stack.createTenant(slug, eu);
    const otherTenantId = await stack.createTenant(otherSlug, eu);
    const web = {
      kind: 'web',
      redirectUris: [REDIRECT_URI, SECOND_REDIRECT_URI],
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    };
    portal = await register(tenantId, { ...web, name: 'Portal' });
    poster = await register(tenantId, {
      ...web,
      name: 'Poster',
      tokenEndpointAuthMethod: 'client_secret_post',
    });
    sibling = await register(tenantId, { ...web, name: 'Sibling' });
    spa = await register(tenantId, { kind: 'spa', name: 'SPA', redirectUris: [SPA_REDIRECT_URI] });
    otherPortal = await register(otherTenantId, { ...web, name: 'Other portal' });
    pushOnly = await register(tenantId, {
      ...web,
      name: 'Push only',
      requirePushedAuthorizationRequests: true,
    });
    await new MongoUserDirectory(mongo.db(identityDatabaseName(eu)), {
      region: eu,
      source: `/idaas/${eu}/test`,
    }).create(tenantId, { email: EMAIL, password: PASSWORD, state: 'active', emailVerified: true });
    pushedRequests = new PushedAuthorizationRequests(mongo.db(`idaas_${eu}_authentication`));
    issuer = `${stack.authentication[eu]!.url}/t/${slug}`;
    otherIssuer = `${stack.authentication[eu]!.url}/t/${otherSlug}`;
    // The applications reach the region's replica through the broker: each can push there.
    for (const [client, at, fields] of [
      [portal, issuer, {}],
      [sibling, issuer, {}],
      [pushOnly, issuer, {}],
      [otherPortal, otherIssuer, {}],
      [null, issuer, { client_id: spa.clientId, redirect_uri: SPA_REDIRECT_URI }],
    ] as const) {
      await eventually(async () => accepted(await push(await codeRequest(fields), client, at)), {
        what: 'the applications in the region',
      });
    }
    await eventually(
      async () =>
        accepted(
          await push(
            { ...(await codeRequest()), client_id: poster.clientId, client_secret: poster.clientSecret },
            null,
          ),
        ),
      { what: 'the client_secret_post application in the region' },
    );
    config = await configFor(portal);
    pushOnlyConfig = await configFor(pushOnly);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await mongo.close();
  });

  it('announces the endpoint in discovery, without requiring it', () => {
    expect(config.serverMetadata()).toMatchObject({
      pushed_authorization_request_endpoint: `${issuer}/oauth2/par`,
      require_pushed_authorization_requests: false,
    });
  });

  it('documents the endpoint in the service OpenAPI document, from its guard', async () => {
    const doc = (await (await fetch(`${stack.authentication[eu]!.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    const par = doc.paths['/t/{tenant}/oauth2/par']?.post;
    expect(par?.requestBody).toBeDefined();
    expect(Object.keys(par?.responses ?? {}).sort()).toEqual(['201', '400', '401']);
  });

  it('runs a code flow with PKCE through a pushed request (openid-client), and the code is redeemed', async () => {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = await oidc.buildAuthorizationUrlWithPAR(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    // Only the client and the reference travel through the browser.
    expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    const callback = await signInAt(url.href);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    expect(tokens.claims()).toMatchObject({ email: EMAIL, aud: portal.clientId });
    expect(tokens.scope?.split(' ').sort()).toEqual(['email', 'openid', 'profile']);
  });

  it('answers 201 with a one-minute request_uri that must not be cached', async () => {
    const res = await push(await codeRequest());
    expect(res.status).toBe(201);
    expect(res.cacheControl).toBe('no-store');
    expect(res.body.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{43}$/);
    expect(res.body.expires_in).toBe(60);
  });

  it('authenticates clients as the token endpoint does: client_secret_post works, a wrong secret is 401', async () => {
    const posted = await push(
      { ...(await codeRequest()), client_id: poster.clientId, client_secret: poster.clientSecret },
      null,
    );
    expect(posted.status).toBe(201);
    const wrong = await push(await codeRequest(), {
      clientId: portal.clientId,
      clientSecret: 'not-the-secret',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
    const none = await push({ ...(await codeRequest()), client_id: portal.clientId }, null);
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('invalid_client');
  });

  it('validates the request like the authorization endpoint, answering OAuth errors', async () => {
    const unregistered = await push(await codeRequest({ redirect_uri: 'https://portal.example/callback/' }));
    expect(unregistered).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    const scope = await push(await codeRequest({ scope: 'profile' }));
    expect(scope).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    const responseType = await push(await codeRequest({ response_type: 'token' }));
    expect(responseType).toMatchObject({ status: 400, body: { error: 'unsupported_response_type' } });
    const prompt = await push(await codeRequest({ prompt: 'sometimes' }));
    expect(prompt).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    const maxAge = await push(await codeRequest({ max_age: 'soon' }));
    expect(maxAge).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    const otherClient = await push(await codeRequest({ client_id: sibling.clientId }));
    expect(otherClient).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('holds public clients to PKCE', async () => {
    const request = {
      client_id: spa.clientId,
      response_type: 'code',
      redirect_uri: SPA_REDIRECT_URI,
      scope: 'openid',
    };
    const without = await push(request, null);
    expect(without).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(String(without.body.error_description)).toContain('PKCE');
    const challenge = await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier());
    const withPkce = await push(
      { ...request, code_challenge: challenge, code_challenge_method: 'S256' },
      null,
    );
    expect(withPkce.status).toBe(201);
  });

  it('refuses a request_uri inside the pushed request (RFC 9126 section 2.1)', async () => {
    const inner = await pushed();
    const res = await push(await codeRequest({ request_uri: inner }));
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('takes a request_uri once', async () => {
    const requestUri = await pushed();
    expectLoginFlow(await authorizeWith(requestUri));
    expectRefused(await authorizeWith(requestUri));
  });

  it('refuses the request_uri of another client, without using it up', async () => {
    const requestUri = await pushed();
    expectRefused(await authorizeWith(requestUri, sibling.clientId));
    expectLoginFlow(await authorizeWith(requestUri));
  });

  it('refuses the request_uri of another tenant, without using it up', async () => {
    const requestUri = await pushed();
    const atOtherTenant = await authorizeWith(requestUri, otherPortal.clientId, otherIssuer);
    expect(atOtherTenant.status).toBe(400);
    expect(atOtherTenant.text).toContain(USED_OR_EXPIRED);
    expectLoginFlow(await authorizeWith(requestUri));
  });

  it('refuses an expired request_uri and an unknown one', async () => {
    // Pushed through the region's own store, once as of now and once as of two minutes ago.
    const params = await codeRequest({ client_id: portal.clientId });
    const fresh = await pushedRequests.push(tenantId, portal.clientId, params, new Date());
    const stale = await pushedRequests.push(
      tenantId,
      portal.clientId,
      params,
      new Date(Date.now() - 120_000),
    );
    expectRefused(await authorizeWith(stale.requestUri));
    expectLoginFlow(await authorizeWith(fresh.requestUri));
    expectRefused(await authorizeWith('urn:ietf:params:oauth:request_uri:nobody-pushed-this-one-at-all'));
  });

  it('ignores authorization parameters in the query beside request_uri', async () => {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = await oidc.buildAuthorizationUrlWithPAR(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    // Registered too, so it would be honoured if the query counted.
    url.searchParams.set('redirect_uri', SECOND_REDIRECT_URI);
    url.searchParams.set('scope', 'openid profile email');
    url.searchParams.set('state', 'from-the-query');
    url.searchParams.set('response_mode', 'form_post');
    const callback = await signInAt(url.href);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe(state);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    expect(tokens.scope).toBe('openid');
  });

  it('shows the login page itself for a request without request_uri, as before', async () => {
    const page = await fetchPage(oidc.buildAuthorizationUrl(config, await codeRequest()).href);
    expect(page.status).toBe(200);
    expect(loginFlowOf(page)).toBeDefined();
  });

  describe('applications that must push (requirePushedAuthorizationRequests)', () => {
    it('reads the setting back from the admin API, off unless asked for', async () => {
      const read = async (client: Client) =>
        (await stack.admin(`/admin/tenants/${tenantId}/applications/${client.clientId}`)).body;
      expect(await read(pushOnly)).toMatchObject({ requirePushedAuthorizationRequests: true });
      expect(await read(portal)).toMatchObject({ requirePushedAuthorizationRequests: false });
    });

    it('sends a plain authorization request back to the client as invalid_request (RFC 9126 section 5)', async () => {
      const { state, url } = await plainRequest(pushOnlyConfig);
      expect(errorAtClient(await fetchPage(url), state)).toBe('invalid_request');
    });

    it('signs in through a pushed request (openid-client) all the same', async () => {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const url = await oidc.buildAuthorizationUrlWithPAR(pushOnlyConfig, {
        redirect_uri: REDIRECT_URI,
        scope: 'openid email',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
      });
      const callback = await signInAt(url.href);
      const tokens = await oidc.authorizationCodeGrant(pushOnlyConfig, callback, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        idTokenExpected: true,
      });
      expect(tokens.claims()).toMatchObject({ email: EMAIL, aud: pushOnly.clientId });
    });

    it('is turned off by a replacement that leaves it out, and plain requests work again in the region', async () => {
      const settings = {
        kind: 'web',
        name: 'Converted',
        redirectUris: [REDIRECT_URI],
        grantTypes: ['authorization_code', 'refresh_token'],
      };
      const converted = await register(tenantId, { ...settings, requirePushedAuthorizationRequests: true });
      const convertedConfig = await configFor(converted);
      // Refused at the client once the region has it (an unknown client gets our error page instead).
      await eventually(
        async () => {
          const { state, url } = await plainRequest(convertedConfig);
          const page = await fetchPage(url);
          return page.status === 303 && errorAtClient(page, state) === 'invalid_request';
        },
        { what: 'the application that must push in the region' },
      );
      const replaced = await stack.admin(
        `/admin/tenants/${tenantId}/applications/${converted.clientId}`,
        'PUT',
        settings,
      );
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({ requirePushedAuthorizationRequests: false });
      const page = await eventually(
        async () => {
          const next = await fetchPage((await plainRequest(convertedConfig)).url);
          return next.status === 200 ? next : undefined;
        },
        { what: 'the replacement in the region' },
      );
      expect(loginFlowOf(page)).toBeDefined();
    });

    it('documents the setting in the admin API under its RFC 9126 client metadata name', async () => {
      type Body = {
        content: Record<string, { schema: { properties: Record<string, { description?: string }> } }>;
      };
      const doc = (await (await fetch(`${stack.tenant.url}/openapi.json`)).json()) as {
        paths: Record<string, Record<string, { requestBody: Body }>>;
      };
      const ops = doc.paths['/admin/tenants/{tenantId}/applications/{applicationId}']!;
      for (const op of [doc.paths['/admin/tenants/{tenantId}/applications']!.post!, ops.put!]) {
        const setting =
          op.requestBody.content['application/json']!.schema.properties.requirePushedAuthorizationRequests;
        expect(setting).toMatchObject({ type: 'boolean' });
        expect(setting?.description).toContain('require_pushed_authorization_requests');
      }
    });

    it('refuses a setting that is not a boolean, naming the field', async () => {
      const refused = await stack.admin<{ errors?: { field: string }[] }>(
        `/admin/tenants/${tenantId}/applications`,
        'POST',
        { kind: 'web', name: 'Bad', redirectUris: [REDIRECT_URI], requirePushedAuthorizationRequests: 'yes' },
      );
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.map((e) => e.field)).toEqual(['body.requirePushedAuthorizationRequests']);
    });
  });
});
