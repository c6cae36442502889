import { MongoClient } from 'mongodb';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import {
  cookiePair,
  fetchPage,
  loginFlowOf,
  pkce,
  postForm,
  readForm,
  type PageResponse,
} from './support/hosted-pages';
import { signInThroughPages } from './support/hosted-login';
import { uniqueRegion } from './support/names';
import { startStack } from './support/stack';
import { eventually } from './support/wait';

describe('authorization endpoint and hosted login', () => {
  const eu = uniqueRegion('az');
  const slug = `az-${eu}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  const email = 'ada@example.com';
  const password = 'correct horse battery staple';
  const WEB_CB = 'https://payroll.example/cb';
  const NATIVE_CB = 'http://127.0.0.1:49152/cb';
  const PARTNER_CB = 'https://partner.example/cb';
  let stack: Awaited<ReturnType<typeof startStack>>;
  let tenantId: string;
  let web: string;
  let native: string;
  let partner: string;
  let base: string;
  let issuer: string;

  const createApp = async (body: Record<string, unknown>) => {
    const res = await stack.admin<{ clientId: string }>(
      `/admin/tenants/${tenantId}/applications`,
      'POST',
      body,
    );
    if (res.status !== 201) throw new Error(`application: ${res.status} ${res.text}`);
    return res.body.clientId;
  };

  const authorizeUrl = (params: Record<string, string>) =>
    `${issuer}/oauth2/authorize?${new URLSearchParams(params).toString()}`;

  const webRequest = (extra: Record<string, string> = {}) => ({
    client_id: web,
    redirect_uri: WEB_CB,
    response_type: 'code',
    scope: 'openid email',
    state: 'st-123',
    nonce: 'n-1',
    ...extra,
  });

  /** The client side of a redirect: the query the provider sent to the client. */
  const atClient = (res: PageResponse, redirectUri: string) => {
    expect(res.status).toBe(303);
    const url = new URL(res.location ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(redirectUri);
    return url.searchParams;
  };

  /** Authorize, then sign in on the login page as a browser would; the answer to the form post. */
  const signIn = async (params: Record<string, string>, pw = password, cookie?: string) =>
    (await signInThroughPages(authorizeUrl(params), { email, password: pw }, cookie ? { cookie } : {}))
      .response;

  beforeAll(async () => {
    await mongo.connect();
    stack = await startStack([eu], `mgmt_${eu}`);
    tenantId = await stack.createTenant(slug, eu);
    base = stack.authentication[eu]!.url;
    issuer = `${base}/t/${slug}`;
    web = await createApp({
      name: 'Payroll',
      kind: 'web',
      redirectUris: [WEB_CB],
      postLogoutRedirectUris: ['https://payroll.example/bye'],
    });
    native = await createApp({ name: 'Desktop', kind: 'native', redirectUris: [NATIVE_CB] });
    partner = await createApp({
      name: 'Partner Insights',
      kind: 'web',
      redirectUris: [PARTNER_CB],
      firstParty: false,
    });
    const users = new MongoUserDirectory(mongo.db(identityDatabaseName(eu)), { region: eu, source: '/test' });
    await users.create(tenantId, { email, password, state: 'active', emailVerified: true });
    // Every application is in the region's replica once its authorize request gets past our error page.
    for (const [clientId, redirectUri] of [
      [web, WEB_CB],
      [native, NATIVE_CB],
      [partner, PARTNER_CB],
    ] as const) {
      await eventually(
        async () => {
          const res = await fetchPage(authorizeUrl({ client_id: clientId, redirect_uri: redirectUri }));
          return res.status === 303 ? true : undefined;
        },
        { what: `application ${clientId} in the region` },
      );
    }
  });

  afterAll(async () => {
    await stack?.close();
    await mongo.close();
  });

  /** Our error page: HTML, 4xx, and nothing sent to the client. */
  const expectErrorPage = (res: PageResponse) => {
    expect(res.status).toBe(400);
    expect(res.location).toBeNull();
    expect(res.contentType).toMatch(/^text\/html/);
    expect(res.text).toContain('<html lang="en">');
  };

  it('shows a missing redirect_uri on our error page', async () => {
    const { redirect_uri: _, ...params } = webRequest();
    void _;
    expectErrorPage(await fetchPage(authorizeUrl(params)));
  });

  it('shows an unregistered redirect_uri on our error page', async () => {
    expectErrorPage(await fetchPage(authorizeUrl(webRequest({ redirect_uri: 'https://evil.example/cb' }))));
  });

  it('refuses a prefix of the registered redirect_uri', async () => {
    expectErrorPage(await fetchPage(authorizeUrl(webRequest({ redirect_uri: 'https://payroll.example/' }))));
  });

  it('refuses the registered redirect_uri with an extra path segment', async () => {
    expectErrorPage(await fetchPage(authorizeUrl(webRequest({ redirect_uri: `${WEB_CB}/more` }))));
  });

  it('refuses the registered redirect_uri in a different case', async () => {
    expectErrorPage(
      await fetchPage(authorizeUrl(webRequest({ redirect_uri: 'https://payroll.example/CB' }))),
    );
  });

  it('shows an unknown client on our error page', async () => {
    const res = await fetchPage(
      authorizeUrl(webRequest({ client_id: '00000000-0000-4000-8000-00000000dead' })),
    );
    expectErrorPage(res);
    expect(res.text).toContain('This application is not known');
  });

  it('does not know a client of another tenant', async () => {
    const other = `az2-${eu}`;
    await stack.createTenant(other, eu);
    const res = await fetchPage(`${base}/t/${other}/oauth2/authorize?${new URLSearchParams(webRequest())}`);
    expectErrorPage(res);
  });

  it('returns invalid_request with state to a public client that sends no PKCE challenge', async () => {
    const res = await fetchPage(
      authorizeUrl({
        client_id: native,
        redirect_uri: NATIVE_CB,
        response_type: 'code',
        scope: 'openid',
        state: 'xyz',
      }),
    );
    const q = atClient(res, NATIVE_CB);
    expect(q.get('error')).toBe('invalid_request');
    expect(q.get('state')).toBe('xyz');
    expect(q.get('iss')).toBe(issuer);
  });

  it('refuses the plain PKCE method', async () => {
    const { verifier } = pkce();
    const res = await fetchPage(
      authorizeUrl(webRequest({ code_challenge: verifier, code_challenge_method: 'plain' })),
    );
    expect(atClient(res, WEB_CB).get('error')).toBe('invalid_request');
  });

  it('refuses a response_type other than code', async () => {
    const res = await fetchPage(authorizeUrl(webRequest({ response_type: 'token' })));
    expect(atClient(res, WEB_CB).get('error')).toBe('unsupported_response_type');
  });

  it('refuses a scope without openid, or beyond the client', async () => {
    for (const scope of ['email', 'openid payroll:admin']) {
      const res = await fetchPage(authorizeUrl(webRequest({ scope })));
      expect(atClient(res, WEB_CB).get('error')).toBe('invalid_scope');
    }
  });

  it('answers prompt=none without a session with login_required at the client', async () => {
    const res = await fetchPage(authorizeUrl(webRequest({ prompt: 'none' })));
    const q = atClient(res, WEB_CB);
    expect(q.get('error')).toBe('login_required');
    expect(q.get('state')).toBe('st-123');
  });

  it('ignores unknown parameters', async () => {
    const res = await fetchPage(authorizeUrl(webRequest({ frobnicate: 'yes', claims_locales: 'xx' })));
    expect(loginFlowOf(res)).toBeDefined();
  });

  it('answers a GET with the login page of a new flow, never cached and sending no referrer', async () => {
    const url = authorizeUrl(webRequest({ login_hint: 'ada@example.com' }));
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // The page's links must not carry the authorization URL (state, PKCE challenge) away.
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await res.text();
    const form = readForm(html);
    const flowId = /^(.*)\/login\?flow=([0-9a-f-]{36})$/.exec(form.action);
    expect(flowId?.[1]).toBe(issuer);
    expect(form.hidden.csrf_token).toMatch(/.{20,}/);
    expect(html).toContain('value="ada@example.com"');
    expect(html).toMatch(new RegExp(`href="[^"]*/signup\\?flow=${flowId![2]}"`));

    // Reloading the authorization URL starts another flow.
    const reloaded = await fetchPage(url);
    expect(loginFlowOf(reloaded)).toBeDefined();
    expect(loginFlowOf(reloaded)).not.toBe(flowId![2]);

    // The flow's own page still shows it (the other steps link back to it), with the same form.
    const own = await fetchPage(form.action);
    expect(own.status).toBe(200);
    expect(readForm(own.text).action).toBe(form.action);
  });

  it('signs in with the CSRF token of the page the authorization request answered', async () => {
    const page = await fetchPage(authorizeUrl(webRequest()));
    const form = readForm(page.text);
    const res = await postForm(form.action, { ...form.hidden, email, password });
    expect(atClient(res, WEB_CB).get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('sends a form-encoded POST to the login page with a 303, so a reload does not post again', async () => {
    const res = await postForm(`${issuer}/oauth2/authorize`, webRequest());
    expect(res.status).toBe(303);
    expect(res.location).toMatch(new RegExp(`^${issuer}/login\\?flow=[0-9a-f-]{36}$`));
    const page = await fetchPage(res.location!);
    expect(page.status).toBe(200);
    expect(readForm(page.text).action).toBe(res.location);
  });

  it('answers in form_post mode with an HTML form to the redirect URI', async () => {
    const res = await fetchPage(authorizeUrl(webRequest({ prompt: 'none', response_mode: 'form_post' })));
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/html/);
    const form = readForm(res.text);
    expect(form.action).toBe(WEB_CB);
    expect(form.hidden).toEqual({
      error: 'login_required',
      error_description: expect.any(String),
      state: 'st-123',
      iss: issuer,
    });
    expect(res.text).toMatch(/<button type="submit"/);
  });

  it('signs in with the login form and returns a code, state and iss; prompt=none then answers from the session', async () => {
    const { challenge } = pkce();
    const res = await signIn(webRequest({ code_challenge: challenge, code_challenge_method: 'S256' }));
    const q = atClient(res, WEB_CB);
    expect(q.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toBe('st-123');
    expect(q.get('iss')).toBe(issuer);
    const sessionCookie = res.cookies.find((c) => c.startsWith('idaas_session='));
    expect(sessionCookie).toMatch(new RegExp(`Path=/t/${slug}; HttpOnly; SameSite=Lax`));

    const again = await fetchPage(authorizeUrl(webRequest({ prompt: 'none', state: 'st-2' })), {
      headers: { cookie: cookiePair(sessionCookie!) },
    });
    const q2 = atClient(again, WEB_CB);
    expect(q2.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q2.get('code')).not.toBe(q.get('code'));
    expect(q2.get('state')).toBe('st-2');

    // prompt=login asks for the password again despite the session.
    const forced = await fetchPage(authorizeUrl(webRequest({ prompt: 'login' })), {
      headers: { cookie: cookiePair(sessionCookie!) },
    });
    expect(loginFlowOf(forced)).toBeDefined();
  });

  it('shows the same generic message for a wrong password and an unknown user, and issues no code', async () => {
    const wrong = await signIn(webRequest(), 'not the password');
    expect(wrong.status).toBe(400);
    expect(wrong.location).toBeNull();
    expect(wrong.text).toContain('The email or password is not correct.');
    expect(wrong.text).toContain('aria-describedby="login-error"');
    expect(wrong.cookies.filter((c) => c.startsWith('idaas_session='))).toEqual([]);

    const form = readForm((await fetchPage(authorizeUrl(webRequest()))).text);
    const unknown = await postForm(form.action, { ...form.hidden, email: 'nobody@example.com', password });
    expect(unknown.status).toBe(400);
    expect(unknown.location).toBeNull();
    expect(unknown.text).toContain('The email or password is not correct.');
  });

  it('refuses a login post with a missing or wrong CSRF token and signs nobody in', async () => {
    const form = readForm((await fetchPage(authorizeUrl(webRequest()))).text);
    for (const csrf of [undefined, 'forged-token']) {
      const fields: Record<string, string> = { email, password, ...(csrf ? { csrf_token: csrf } : {}) };
      const res = await postForm(form.action, fields);
      expect(res.status).toBe(403);
      expect(res.location).toBeNull();
      expect(res.cookies.filter((c) => c.startsWith('idaas_session='))).toEqual([]);
    }
    // The flow is untouched: the right token still works.
    const ok = await postForm(form.action, { ...form.hidden, email, password });
    expect(atClient(ok, WEB_CB).get('code')).toBeTruthy();
  });

  it('asks consent for a third-party application; deny returns access_denied', async () => {
    const res = await signIn({
      client_id: partner,
      redirect_uri: PARTNER_CB,
      response_type: 'code',
      scope: 'openid profile',
      state: 'p-1',
    });
    expect(res.status).toBe(303);
    expect(res.location).toMatch(new RegExp(`^${issuer}/consent\\?flow=`));
    const cookie = cookiePair(res.cookies.find((c) => c.startsWith('idaas_session='))!);
    const consent = await fetchPage(res.location!, { headers: { cookie } });
    expect(consent.status).toBe(200);
    expect(consent.text).toContain('Partner Insights');
    expect(consent.text).toContain('Your name and profile');
    const form = readForm(consent.text);
    const denied = await postForm(form.action, { ...form.hidden, decision: 'deny' }, cookie);
    const q = atClient(denied, PARTNER_CB);
    expect(q.get('error')).toBe('access_denied');
    expect(q.get('state')).toBe('p-1');
    expect(q.get('code')).toBeNull();
  });

  it('remembers an allowed consent, and first-party applications never ask', async () => {
    const params = {
      client_id: partner,
      redirect_uri: PARTNER_CB,
      response_type: 'code',
      scope: 'openid',
      state: 'p-2',
    };
    const res = await signIn(params);
    const cookie = cookiePair(res.cookies.find((c) => c.startsWith('idaas_session='))!);
    const consent = await fetchPage(res.location!, { headers: { cookie } });
    const form = readForm(consent.text);
    const allowed = await postForm(form.action, { ...form.hidden, decision: 'allow' }, cookie);
    expect(atClient(allowed, PARTNER_CB).get('code')).toBeTruthy();
    const silent = await fetchPage(authorizeUrl({ ...params, prompt: 'none' }), { headers: { cookie } });
    expect(atClient(silent, PARTNER_CB).get('code')).toBeTruthy();
    // More scope than was allowed: prompt=none cannot ask, so consent_required.
    const more = await fetchPage(authorizeUrl({ ...params, scope: 'openid email', prompt: 'none' }), {
      headers: { cookie },
    });
    expect(atClient(more, PARTNER_CB).get('error')).toBe('consent_required');
  });

  it('lists the front channel in discovery', async () => {
    const res = await fetch(`${issuer}/.well-known/oauth-authorization-server`);
    expect(await res.json()).toMatchObject({
      authorization_endpoint: `${issuer}/oauth2/authorize`,
      end_session_endpoint: `${issuer}/oauth2/logout`,
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'form_post'],
      code_challenge_methods_supported: ['S256'],
    });
  });

  it('signs out after confirmation, then prompt=none needs a login again', async () => {
    const res = await signIn(webRequest());
    const cookie = cookiePair(res.cookies.find((c) => c.startsWith('idaas_session='))!);
    const confirm = await fetchPage(
      `${issuer}/oauth2/logout?${new URLSearchParams({
        client_id: web,
        post_logout_redirect_uri: 'https://payroll.example/bye',
        state: 'bye-1',
      })}`,
      { headers: { cookie } },
    );
    expect(confirm.status).toBe(200);
    const form = readForm(confirm.text);
    // Without the confirmation token the session survives.
    const forged = await postForm(form.action, { ...form.hidden, csrf_token: 'forged' }, cookie);
    expect(forged.status).toBe(403);
    const out = await postForm(form.action, form.hidden, cookie);
    expect(out.status).toBe(303);
    expect(out.location).toBe('https://payroll.example/bye?state=bye-1');
    const after = await fetchPage(authorizeUrl(webRequest({ prompt: 'none' })), { headers: { cookie } });
    expect(atClient(after, WEB_CB).get('error')).toBe('login_required');
  });

  it('does not redirect after logout to an unregistered post_logout_redirect_uri', async () => {
    const res = await fetchPage(
      `${issuer}/oauth2/logout?${new URLSearchParams({ client_id: web, post_logout_redirect_uri: 'https://evil.example/' })}`,
    );
    expect(res.status).toBe(200);
    expect(res.location).toBeNull();
    expect(res.text).toContain('You are signed out.');
  });
});
