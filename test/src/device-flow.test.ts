import { MongoClient } from 'mongodb';
import * as oidc from 'openid-client';
import { hashSecret } from '@idaas/crypto';
import { DEVICE_AUTHORIZATIONS } from '@idaas/authentication-service/src/store/device-authorizations';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { signInThroughPages } from './support/hosted-login';
import { cookiePair, fetchPage, postForm, readForm, type PageResponse } from './support/hosted-pages';
import { uniqueRegion } from './support/names';
import { basicAuth, startStack } from './support/stack';
import { eventually } from './support/wait';

type Stack = Awaited<ReturnType<typeof startStack>>;
type Client = { clientId: string; clientSecret?: string };

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const EMAIL = 'grace@acme.example';
const PASSWORD = 'correct horse battery staple';
const WRONG_CODE = 'This code is not valid';

/**
 * The device authorization grant (RFC 8628) as a TV app and a CLI use it: openid-client v6 starts
 * it and polls; a "browser" (plain HTTP with its cookies) opens the verification URI, signs in on
 * the hosted login page and allows or denies the device.
 */
describe('Device authorization grant (RFC 8628)', () => {
  const eu = uniqueRegion('device');
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  const slug = `acme-${eu}`;
  const otherSlug = `other-${eu}`;
  let stack: Stack;
  let issuer: string;
  let otherIssuer: string;
  let tv: Client;
  let cli: Client;
  let portal: Client;
  let otherTv: Client;
  let config: oidc.Configuration;
  let userId: string;
  let tenantId: string;

  const register = async (tenantId: string, body: Record<string, unknown>): Promise<Client> => {
    const res = await stack.admin<Client>(`/admin/tenants/${tenantId}/applications`, 'POST', body);
    expect(res.status).toBe(201);
    return res.body;
  };

  /** A form post as a client sends it: Basic authentication for a confidential one, client_id for a public one. */
  const post = async (
    url: string,
    client: Client,
    fields: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, string | number> }> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        ...(client.clientSecret ? { authorization: basicAuth(client.clientId, client.clientSecret) } : {}),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        ...(client.clientSecret ? {} : { client_id: client.clientId }),
        ...fields,
      }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, string | number> };
  };

  const start = (client: Client = tv, at = issuer, scope = 'openid profile') =>
    post(`${at}/oauth2/device_authorization`, client, { scope });

  const started = async (client: Client = tv, at = issuer) => {
    const res = await start(client, at);
    if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { device_code: string; user_code: string; verification_uri_complete: string };
  };

  /** One poll of the token endpoint, without waiting: its status and OAuth error code. */
  const poll = (deviceCode: string, client: Client = tv, at = issuer) =>
    post(`${at}/oauth2/token`, client, { grant_type: DEVICE_GRANT, device_code: deviceCode });

  /** The browser's verification page: its entry cookie and form. */
  const openVerification = async (url: string) => {
    const page = await fetchPage(url);
    expect(page.status).toBe(200);
    const entry = page.cookies.find((c) => c.startsWith('idaas_device_entry='));
    return { page, cookie: entry ? cookiePair(entry) : '', form: readForm(page.text) };
  };

  const prefilledCode = (page: PageResponse) => /id="user_code"[\s\S]*?value="([^"]*)"/.exec(page.text)?.[1];

  /** Types a code on the verification page: the answer (a 303 to sign-in or confirmation, or the page again). */
  const enterCode = async (opened: Awaited<ReturnType<typeof openVerification>>, userCode: string) =>
    postForm(opened.form.action, { ...opened.form.hidden, user_code: userCode }, opened.cookie);

  /** The whole browser side: open the link, continue, sign in, then allow or deny. */
  const decideInBrowser = async (verificationUriComplete: string, decision: 'allow' | 'deny') => {
    const opened = await openVerification(verificationUriComplete);
    const code = prefilledCode(opened.page);
    expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    const entered = await enterCode(opened, code!);
    expect(entered.status).toBe(303);
    expect(entered.location).toMatch(new RegExp(`/t/${slug}/login\\?flow=`));
    const { response, sessionCookie } = await signInThroughPages(entered.location!, {
      email: EMAIL,
      password: PASSWORD,
    });
    expect(response.status).toBe(303);
    expect(response.location).toMatch(new RegExp(`/t/${slug}/device/confirm\\?flow=`));
    const confirm = await fetchPage(response.location!, { headers: { cookie: sessionCookie! } });
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Sign in to TV app on your device?');
    const form = readForm(confirm.text);
    const done = await postForm(form.action, { ...form.hidden, decision }, sessionCookie);
    expect(done.status).toBe(200);
    return { done, sessionCookie: sessionCookie! };
  };

  beforeAll(async () => {
    await mongo.connect();
    stack = await startStack([eu], `mgmt_${eu}`);
    tenantId = await stack.createTenant(slug, eu);
    const otherTenantId = await stack.createTenant(otherSlug, eu);
    tv = await register(tenantId, {
      kind: 'native',
      name: 'TV app',
      grantTypes: [DEVICE_GRANT, 'refresh_token'],
    });
    cli = await register(tenantId, { kind: 'web', name: 'CLI', grantTypes: [DEVICE_GRANT] });
    portal = await register(tenantId, {
      kind: 'web',
      name: 'Portal',
      redirectUris: ['https://portal.example/callback'],
    });
    otherTv = await register(otherTenantId, { kind: 'native', name: 'TV app', grantTypes: [DEVICE_GRANT] });
    userId = (
      await new MongoUserDirectory(mongo.db(identityDatabaseName(eu)), {
        region: eu,
        source: `/idaas/${eu}/test`,
      }).create(tenantId, { email: EMAIL, password: PASSWORD, state: 'active', emailVerified: true })
    ).userId;
    issuer = `${stack.authentication[eu]!.url}/t/${slug}`;
    otherIssuer = `${stack.authentication[eu]!.url}/t/${otherSlug}`;
    // The applications reach the region's replica through the broker.
    for (const [client, at] of [
      [tv, issuer],
      [cli, issuer],
      [otherTv, otherIssuer],
    ] as const) {
      await eventually(async () => started(client, at), { what: 'the device applications in the region' });
    }
    config = await oidc.discovery(new URL(issuer), tv.clientId, {}, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await mongo.close();
  });

  it('announces the endpoint and the grant type in discovery, and documents the routes', async () => {
    expect(config.serverMetadata()).toMatchObject({
      device_authorization_endpoint: `${issuer}/oauth2/device_authorization`,
    });
    expect(config.serverMetadata().grant_types_supported).toContain(DEVICE_GRANT);
    const doc = (await (await fetch(`${stack.authentication[eu]!.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.paths['/t/{tenant}/oauth2/device_authorization']?.post).toBeDefined();
    expect(Object.keys(doc.paths['/t/{tenant}/device'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/t/{tenant}/device/confirm'] ?? {}).sort()).toEqual(['get', 'post']);
  });

  it('signs the user in on the device once they allow it in a browser (openid-client)', async () => {
    const device = await oidc.initiateDeviceAuthorization(config, { scope: 'openid profile offline_access' });
    expect(device.verification_uri).toBe(`${issuer}/device`);
    expect(device.interval).toBe(5);
    expect(device.expires_in).toBe(600);
    const { done } = await decideInBrowser(device.verification_uri_complete!, 'allow');
    expect(done.text).toContain('You may return to your device.');
    const tokens = await oidc.pollDeviceAuthorizationGrant(config, device);
    expect(tokens.claims()?.sub).toBe(userId);
    expect(tokens.claims()?.aud).toBe(tv.clientId);
    expect(tokens.refresh_token).toBeDefined();
    expect(tokens.scope?.split(' ').sort()).toEqual(['offline_access', 'openid', 'profile']);
    // Exactly once: the device code is used up.
    const again = await poll(device.device_code);
    expect(again).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('answers access_denied when the user denies the device, and the page says nothing was connected', async () => {
    const device = await started();
    const { done } = await decideInBrowser(device.verification_uri_complete, 'deny');
    expect(done.text).toContain('The device was not connected.');
    expect(await poll(device.device_code)).toMatchObject({ status: 400, body: { error: 'access_denied' } });
  });

  it('keeps the device waiting, and tells it to slow down when it polls faster than the interval', async () => {
    const device = await started();
    expect(await poll(device.device_code)).toMatchObject({
      status: 400,
      body: { error: 'authorization_pending' },
    });
    expect(await poll(device.device_code)).toMatchObject({ status: 400, body: { error: 'slow_down' } });
  });

  it('answers expired_token once the device code has lived its lifetime, and the page refuses its user code', async () => {
    const device = await started(cli);
    // Backdated in the store: the lifetime is ten minutes, checked on every read.
    await mongo
      .db(`idaas_${eu}_authentication`)
      .collection<{ _id: string; expiresAt: Date }>(DEVICE_AUTHORIZATIONS)
      .updateOne(
        { _id: hashSecret(device.device_code) },
        { $set: { expiresAt: new Date(Date.now() - 1000) } },
      );
    expect(await poll(device.device_code, cli)).toMatchObject({
      status: 400,
      body: { error: 'expired_token' },
    });
    const opened = await openVerification(device.verification_uri_complete);
    const entered = await enterCode(opened, device.user_code);
    expect(entered.status).toBe(400);
    expect(entered.text).toContain(WRONG_CODE);
  });

  it('shows a wrong user code as an error and consumes nothing; the right one still works, typed loosely', async () => {
    const device = await started(cli);
    const opened = await openVerification(`${issuer}/device`);
    expect(prefilledCode(opened.page)).toBe('');
    const wrong = await enterCode(opened, 'BBBB-BBBB');
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain(WRONG_CODE);
    expect(prefilledCode(wrong)).toBe('BBBB-BBBB');
    expect(await poll(device.device_code, cli)).toMatchObject({
      status: 400,
      body: { error: 'authorization_pending' },
    });
    const right = await enterCode(opened, device.user_code.toLowerCase().replace('-', ' '));
    expect(right.status).toBe(303);
    expect(right.location).toMatch(new RegExp(`/t/${slug}/login\\?flow=`));
  });

  it('refuses a form that did not come from the page (no entry cookie)', async () => {
    const device = await started();
    const opened = await openVerification(`${issuer}/device`);
    const forged = await postForm(opened.form.action, { ...opened.form.hidden, user_code: device.user_code });
    expect(forged.status).toBe(403);
  });

  it('limits wrong user codes per browser (RFC 8628 section 5.1)', async () => {
    const opened = await openVerification(`${issuer}/device`);
    for (let i = 0; i < 5; i++) expect((await enterCode(opened, 'CCCC-CCCC')).status).toBe(400);
    const device = await started();
    const limited = await enterCode(opened, device.user_code);
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('Too many wrong codes');
  });

  it('refuses a device code at another tenant, and by another client', async () => {
    const device = await started();
    expect(await poll(device.device_code, otherTv, otherIssuer)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect(await poll(device.device_code, cli)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    // The user code of one tenant is unknown at the other's verification page.
    const opened = await openVerification(`${otherIssuer}/device`);
    const entered = await enterCode(opened, device.user_code);
    expect(entered.status).toBe(400);
    expect(entered.text).toContain(WRONG_CODE);
  });

  it('answers unauthorized_client to an application without the grant type, and invalid_scope beyond its scopes', async () => {
    expect(await start(portal)).toMatchObject({ status: 400, body: { error: 'unauthorized_client' } });
    expect(await start(tv, issuer, 'openid admin')).toMatchObject({
      status: 400,
      body: { error: 'invalid_scope' },
    });
  });

  it('refuses the grant type for a machine-to-machine application on the management plane', async () => {
    const res = await stack.admin<{ errors: { field: string }[] }>(
      `/admin/tenants/${tenantId}/applications`,
      'POST',
      { kind: 'm2m', name: 'Job', grantTypes: ['client_credentials', DEVICE_GRANT] },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e) => e.field)).toContain('body.grantTypes');
  });
});
