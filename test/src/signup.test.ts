import { MongoClient } from 'mongodb';
import * as oidc from 'openid-client';
import pino from 'pino';
import { unsealMessageValues } from '@idaas/crypto';
import {
  connectEventBackbone,
  MessageRequestedV1,
  Topics,
  type CloudEvent,
  type EventBackbone,
} from '@idaas/events';
import { startMailbox, type ReceivedMessage, type RunningMailbox } from '@idaas/infra-local';
import { TENANT_ROLES } from '@idaas/identity';
import { identityDatabaseName } from '@idaas/user-store';
import { freePort } from './support/free-port';
import { cookiePair, fetchPage, loginFlowOf, postForm, readForm } from './support/hosted-pages';
import { uniqueRegion } from './support/names';
import { managementToken, startStack } from './support/stack';
import { eventually } from './support/wait';
import { startRegionRegistration, type RunningRegistration } from './support/registration';
import { startMailingNotification, type RunningNotification } from './support/mailbox';

/** What a browser makes of an HTML attribute value: character references decoded. */
const decodeAttribute = (value: string) =>
  value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const SEALING_KEY = Buffer.from('suite-message-sealing-key-32byte').toString('base64');
const PASSWORD = 'a long and uncommon passphrase';

interface Requested {
  event: CloudEvent<{ userId: string; kind: string; sealedValues: Record<string, never> }>;
  values: Record<string, string>;
}

describe('self sign-up, email verification and invitations', () => {
  const eu = uniqueRegion('su');
  const database = `mgmt_${eu}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stack: Awaited<ReturnType<typeof startStack>>;
  let registration: RunningRegistration;
  let notification: RunningNotification;
  let mailbox: RunningMailbox;
  let reader: EventBackbone;
  let tenantId: string;
  const slug = () => `signup-${eu}`;
  const requests: Requested[] = [];

  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${registration.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
    };
  };
  const signUp = (body: Record<string, unknown>) => post(`/t/${slug()}/api/signup`, body);
  const user = (email: string) =>
    mongo.db(identityDatabaseName(eu)).collection('users').findOne({ tenantId, emailNormalized: email });
  /** The message request of a kind for a user, read from the region's notify topic and unsealed. */
  const requestFor = (userId: string, kind: string, after = 0) =>
    eventually(
      async () =>
        requests.slice(after).find((r) => r.event.data.userId === userId && r.event.data.kind === kind),
      { what: `${kind} message request for ${userId}` },
    );
  const registrationDb = () => mongo.db(`idaas_${eu}_registration`);
  /** An hour passes for the per-address email limit (its counters start over). */
  const sendLimitsExpire = async () => {
    const longAgo = new Date(Date.now() - 2 * 3600 * 1000);
    await registrationDb()
      .collection('verification_send_counters')
      .updateMany({}, { $set: { windowStart: longAgo, lastAt: longAgo } });
  };
  /** The real emails of one kind to one address, as the local SMTP relay received them. */
  const mailOf = async (to: string, kind: string) =>
    (
      (await (
        await fetch(`${mailbox.httpUrl}/api/messages?to=${encodeURIComponent(to)}`)
      ).json()) as ReceivedMessage[]
    ).filter((m) => m.messageId.includes(`.${kind}@`));
  const mailTo = (to: string, kind: string) =>
    eventually(async () => ((await mailOf(to, kind)).length > 0 ? mailOf(to, kind) : undefined), {
      what: `${kind} email to ${to}`,
    });
  /** The first link of a kind in an email's HTML part, as a mail client would open it. */
  const linkIn = (mail: ReceivedMessage, path: string) => {
    const href = /href="([^"]+)"/g;
    for (let m = href.exec(mail.html); m; m = href.exec(mail.html)) {
      const url = decodeAttribute(m[1]!);
      if (url.includes(path)) return url;
    }
    throw new Error(`no ${path} link in ${mail.html}`);
  };
  const setPolicy = async (policy: Record<string, unknown>) => {
    const saved = await stack.admin<{ version: number }>(`/admin/tenants/${tenantId}/policy`, 'PUT', policy);
    expect(saved.status).toBe(200);
    await eventually(
      async () =>
        (await mongo
          .db(`idaas_${eu}_registration`)
          .collection('replica_policies')
          .findOne({ _id: tenantId as never, version: saved.body.version })) ?? undefined,
      { what: 'the policy in the registration replica' },
    );
  };

  beforeAll(async () => {
    await mongo.connect();
    const registrationPort = await freePort();
    // The login pages link to sign-up here; verified users continue at the region's issuers.
    stack = await startStack([eu], database, undefined, {
      SIGNUP_BASE_URL: `http://127.0.0.1:${registrationPort}`,
    });
    registration = await startRegionRegistration(eu, database, SEALING_KEY, {
      PORT: String(registrationPort),
      LOGIN_BASE_URL: stack.authentication[eu]!.url,
    });
    mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
    notification = await startMailingNotification(eu, database, mailbox, {
      MESSAGE_SEALING_KEY: SEALING_KEY,
    });
    tenantId = await stack.createTenant(slug(), eu);
    await eventually(async () => (await fetch(`${registration.url}/t/${slug()}`)).ok, {
      what: 'the tenant in the registration replica',
    });
    reader = await connectEventBackbone({
      brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
      clientId: `notify-reader-${eu}`,
      db: mongo.db(`test_notify_${eu}`),
      logger: pino({ level: 'error' }),
      outboxCollections: [],
      regions: [eu],
      topicPrefix: `${database}.`,
    });
    await reader.bus.subscribe({
      groupId: `${eu}.test.notify-reader`,
      topics: [Topics.notify(eu)],
      fromBeginning: true,
      handlers: {
        [MessageRequestedV1.type]: async ({ event }) => {
          const e = event as Requested['event'];
          requests.push({
            event: e,
            values: unsealMessageValues(e.data.sealedValues, Buffer.from(SEALING_KEY, 'base64'), e.id),
          });
        },
      },
    });
  });

  afterAll(async () => {
    await reader?.close();
    await registration?.close();
    await notification?.close();
    await mailbox?.close();
    await stack?.close();
    await mongo.close();
  });

  it('signs up through the JSON API: pending_verification, a sealed code and link, verified by code', async () => {
    const res = await signUp({ email: 'ada@example.com', password: PASSWORD, name: 'Ada' });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('verification_sent');
    const created = await user('ada@example.com');
    expect(created).toMatchObject({ state: 'pending_verification', profile: { name: 'Ada' } });
    const request = await requestFor(String(created!._id), 'verification');
    // The event on the topic holds no clear code or link.
    expect(JSON.stringify(request.event)).not.toContain(request.values.code);
    expect(request.values.link).toContain(`/t/${slug()}/verify?token=`);

    const wrong = await post(`/t/${slug()}/api/verify`, {
      email: 'ada@example.com',
      code: request.values.code === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(400);
    const ok = await post(`/t/${slug()}/api/verify`, { email: 'ada@example.com', code: request.values.code });
    expect(ok.status).toBe(200);
    expect((await user('ada@example.com'))?.state).toBe('active');
    const reused = await post(`/t/${slug()}/api/verify`, {
      email: 'ada@example.com',
      code: request.values.code,
    });
    expect(reused.status).toBe(400);
  });

  it('verifies by the link in the real email, once', async () => {
    await signUp({ email: 'grace@example.com', password: PASSWORD, name: 'Grace' });
    const [mail] = await mailTo('grace@example.com', 'verification');
    const link = linkIn(mail!, `/t/${slug()}/verify?token=`);
    const { values } = await requestFor(String((await user('grace@example.com'))!._id), 'verification');
    expect(link).toBe(values.link);
    expect(mail!.text).toContain(values.code);
    // Once sent, the notification service keeps no clear code or link of it.
    const record = await eventually(
      async () =>
        (await mongo
          .db(`idaas_${eu}_notification`)
          .collection('emails')
          .findOne({ to: 'grace@example.com', kind: 'verification', status: 'sent' })) ?? undefined,
      { what: 'the sent verification email record' },
    );
    expect(JSON.stringify(record)).not.toContain(values.code);
    expect(JSON.stringify(record)).not.toContain(new URL(link).searchParams.get('token'));
    const first = await fetch(link);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('verified');
    expect((await user('grace@example.com'))?.state).toBe('active');
    expect((await fetch(link)).status).toBe(400);
  });

  it('answers an existing address like a new one; the owner gets a notice, not a verification', async () => {
    await sendLimitsExpire();
    const again = await signUp({ email: 'ADA@example.com', password: PASSWORD });
    const fresh = await signUp({ email: 'new-person@example.com', password: PASSWORD });
    expect(again.status).toBe(fresh.status);
    expect(again.body).toEqual(fresh.body);
    const owner = await user('ada@example.com');
    await requestFor(String(owner!._id), 'signup_existing');
    // The owner's inbox gets the notice, with no code or link in it.
    const [notice] = await mailTo('ada@example.com', 'signup_existing');
    expect(notice!.html).not.toContain('/verify?token=');
    // Another attempt within the minute gets the same answer but sends the owner nothing more.
    const flood = await signUp({ email: 'ada@example.com', password: PASSWORD });
    expect(flood).toMatchObject({ status: again.status, body: again.body });
    expect(await registrationDb().collection('account_notices').countDocuments({ userId: owner!._id })).toBe(
      1,
    );
    expect(
      requests.filter(
        (r) => r.event.data.userId === String(owner!._id) && r.event.data.kind === 'verification',
      ),
    ).toHaveLength(1);
  });

  it('limits verification emails per address: 429 with Retry-After right after a sign-up', async () => {
    await signUp({ email: 'hasty@example.com', password: PASSWORD });
    const created = await user('hasty@example.com');
    await requestFor(String(created!._id), 'verification');
    const resend = await post(`/t/${slug()}/api/verification/resend`, { email: 'Hasty@example.com' });
    expect(resend.status).toBe(429);
    expect(Number(resend.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(resend.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // An address without an account is limited the same way, so the limit reveals nothing.
    const unknown = 'nobody-here@example.com';
    expect((await post(`/t/${slug()}/api/verification/resend`, { email: unknown })).status).toBe(202);
    expect((await post(`/t/${slug()}/api/verification/resend`, { email: unknown })).status).toBe(429);
  });

  it('refuses what the policy forbids, naming the field', async () => {
    const short = await signUp({ email: 'short@example.com', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.errors).toEqual([expect.objectContaining({ field: 'body.password' })]);
    const common = await signUp({ email: 'common@example.com', password: 'passwordpassword' });
    expect(common.status).toBe(400);
    expect(common.body.errors).toEqual([expect.objectContaining({ field: 'body.password' })]);
    const badEmail = await signUp({ email: 'not-an-email', password: PASSWORD });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.errors).toEqual([expect.objectContaining({ field: 'body.email' })]);

    await setPolicy({
      signUp: { enabled: true, emailVerification: true, allowedEmailDomains: ['acme.example'] },
    });
    const domain = await signUp({ email: 'someone@other.example', password: PASSWORD });
    expect(domain.status).toBe(400);
    expect(domain.body.errors).toEqual([expect.objectContaining({ field: 'body.email' })]);
    expect(await user('someone@other.example')).toBeNull();

    await setPolicy({ signUp: { enabled: false } });
    const disabled = await signUp({ email: 'someone@acme.example', password: PASSWORD });
    expect(disabled.status).toBe(403);
    expect(disabled.body.code ?? disabled.body.type).toEqual(expect.stringContaining('signup_disabled'));
    await setPolicy({ signUp: { enabled: true } });
  });

  it('invites: pending_invite, accept with a password, re-invite invalidates the old link, revoke deletes', async () => {
    const invite = (email: string) =>
      post(`/admin/tenants/${tenantId}/invitations`, { email, name: 'Invitee' }, stack.operatorToken);
    const created = await invite('invitee@example.com');
    expect(created.status).toBe(201);
    const userId = String(created.body.userId);
    expect((await user('invitee@example.com'))?.state).toBe('pending_invite');
    expect((await invite('invitee@example.com')).status).toBe(409);
    const first = await requestFor(userId, 'invitation');
    const [invitationMail] = await mailTo('invitee@example.com', 'invitation');
    expect(linkIn(invitationMail!, '/invite?token=')).toBe(first.values.link);
    const seen = requests.length;

    const again = await post(
      `/admin/tenants/${tenantId}/invitations/${userId}/resend`,
      {},
      stack.operatorToken,
    );
    expect(again.status).toBe(201);
    const second = await requestFor(userId, 'invitation', seen);
    const tokenOf = (r: Requested) => new URL(r.values.link!).searchParams.get('token');
    const accept = (token: string | null, password = PASSWORD) =>
      post(`/t/${slug()}/api/invitations/accept`, { token, password });
    expect((await accept(tokenOf(first))).status).toBe(400);
    const weak = await accept(tokenOf(second), 'short');
    expect(weak.status).toBe(400);
    expect(weak.body.errors).toEqual([expect.objectContaining({ field: 'body.password' })]);
    expect((await accept(tokenOf(second))).status).toBe(200);
    expect((await user('invitee@example.com'))?.state).toBe('active');
    expect((await accept(tokenOf(second))).status).toBe(400);

    const other = await invite('revoked@example.com');
    const listed = await fetch(`${registration.url}/admin/tenants/${tenantId}/invitations`, {
      headers: { authorization: `Bearer ${stack.operatorToken}` },
    });
    expect(((await listed.json()) as { items: { userId: string }[] }).items.map((i) => i.userId)).toEqual([
      other.body.userId,
    ]);
    const revoked = await fetch(
      `${registration.url}/admin/tenants/${tenantId}/invitations/${String(other.body.userId)}`,
      {
        method: 'DELETE',
        headers: { authorization: `Bearer ${stack.operatorToken}` },
      },
    );
    expect(revoked.status).toBe(204);
    expect(
      (
        await mongo
          .db(identityDatabaseName(eu))
          .collection('users')
          .findOne({ _id: other.body.userId as never })
      )?.state,
    ).toBe('deleted');
    expect((await post(`/admin/tenants/${tenantId}/invitations`, { email: 'x@example.com' })).status).toBe(
      401,
    );
  });

  it('refuses an expired code, and the user stays pending', async () => {
    await signUp({ email: 'late@example.com', password: PASSWORD });
    const created = await user('late@example.com');
    const { values } = await requestFor(String(created!._id), 'verification');
    // A day has passed for this verification.
    await registrationDb()
      .collection('email_verifications')
      .updateMany({ userId: created!._id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const late = await post(`/t/${slug()}/api/verify`, { email: 'late@example.com', code: values.code });
    expect(late.status).toBe(400);
    expect((await fetch(values.link!)).status).toBe(400);
    expect((await user('late@example.com'))?.state).toBe('pending_verification');
  });

  it("gives a tenant admin of another tenant 404 on this tenant's invitations", async () => {
    const pending = await post(
      `/admin/tenants/${tenantId}/invitations`,
      { email: 'kept-invitee@example.com' },
      stack.operatorToken,
    );
    expect(pending.status).toBe(201);
    const otherSlug = `other-${eu}`;
    const otherId = await stack.createTenant(otherSlug, eu);
    const client = await stack.admin<{ clientId: string; clientSecret: string }>(
      `/admin/tenants/${otherId}/applications`,
      'POST',
      { name: 'other admin', kind: 'm2m', scopes: [...TENANT_ROLES.tenant_admin] },
    );
    const token = await eventually(
      () =>
        managementToken(
          stack.authentication[eu]!.url,
          otherSlug,
          client.body.clientId,
          client.body.clientSecret,
        ),
      { what: 'a tenant admin token of the other tenant' },
    );
    const asOther = (path: string, method = 'GET', body?: unknown) =>
      fetch(`${registration.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    // Its own tenant's invitations answer once the registration service knows the other tenant's keys.
    await eventually(
      async () => (await asOther(`/admin/tenants/${otherId}/invitations`)).status === 200 || undefined,
      {
        what: "the other tenant's keys at the registration service",
      },
    );
    const userId = String(pending.body.userId);
    const base = `/admin/tenants/${tenantId}/invitations`;
    expect((await asOther(base)).status).toBe(404);
    expect((await asOther(base, 'POST', { email: 'intruder@example.com' })).status).toBe(404);
    expect((await asOther(`${base}/${userId}/resend`, 'POST', {})).status).toBe(404);
    expect((await asOther(`${base}/${userId}`, 'DELETE')).status).toBe(404);
    expect((await user('kept-invitee@example.com'))?.state).toBe('pending_invite');
    expect(await user('intruder@example.com')).toBeNull();
  });

  describe('hosted pages', () => {
    /** The sign-up page as a browser opens it: the form and the CSRF cookie it set. */
    const openSignUp = async (language = 'en') => {
      const page = await fetchPage(`${registration.url}/t/${slug()}/signup`, {
        headers: { 'accept-language': language },
      });
      expect(page.status).toBe(200);
      return { page, form: readForm(page.text), cookie: page.cookies.map(cookiePair).join('; ') };
    };

    /** A form post as a German-speaking browser sends it (Accept-Language on every request). */
    const postGerman = (url: string, fields: Record<string, string>, cookie: string) =>
      fetchPage(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'accept-language': 'de-CH,de;q=0.9',
          cookie,
        },
        body: new URLSearchParams(fields),
      });

    it('signs up on the page in German, checks the email and verifies with the code typed in', async () => {
      const branded = await stack.admin(`/admin/tenants/${tenantId}/branding`, 'PUT', {
        productName: 'Acme <ID>',
        supportedLocales: ['en', 'de'],
        defaultLocale: 'en',
      });
      expect(branded.status).toBe(200);
      const { page, form, cookie } = await eventually(
        async () => {
          const opened = await openSignUp('de-CH,de;q=0.9');
          return opened.page.text.includes('<html lang="de">') ? opened : undefined;
        },
        { what: 'the German branded sign-up page' },
      );
      expect(page.text).toContain('Acme &lt;ID&gt;');
      expect(page.text).toContain('Konto erstellen');
      expect(page.text).toContain('<label for="password">');
      expect(page.text).not.toContain('<script');
      const submitted = await postGerman(
        form.action,
        { ...form.hidden, email: 'page-person@example.com', password: PASSWORD, name: 'Page <b>P</b>' },
        cookie,
      );
      expect(submitted.status).toBe(200);
      expect(submitted.text).toContain('Prüfen Sie Ihre E-Mails');
      expect((await user('page-person@example.com'))?.state).toBe('pending_verification');

      const [mail] = await mailTo('page-person@example.com', 'verification');
      const code = /\b(\d{6})\b/.exec(mail!.text)?.[1];
      const codeForm = readForm(submitted.text);
      const wrong = await postGerman(
        codeForm.action,
        { ...codeForm.hidden, code: code === '000000' ? '111111' : '000000' },
        cookie,
      );
      expect(wrong.status).toBe(400);
      expect(wrong.text).toContain('aria-invalid="true"');
      const verified = await postGerman(codeForm.action, { ...codeForm.hidden, code: code! }, cookie);
      expect(verified.status).toBe(200);
      expect(verified.text).toContain('bestätigt');
      expect((await user('page-person@example.com'))?.state).toBe('active');
    });

    it('shows each broken rule at its field, keeps what was typed, and never the password', async () => {
      const { form, cookie } = await openSignUp();
      const res = await postForm(
        form.action,
        { ...form.hidden, email: 'not-an-email', password: 'short', name: 'Kept "Name"' },
        cookie,
      );
      expect(res.status).toBe(400);
      expect(res.text).toContain('role="alert"');
      expect(res.text).toMatch(/id="email-error"/);
      expect(res.text).toMatch(
        /<input\s+id="email"[^>]*aria-describedby="email-error"[^>]*aria-invalid="true"/,
      );
      expect(res.text).toContain('value="Kept &quot;Name&quot;"');
      expect(res.text).not.toContain('value="short"');
      const weak = await postForm(
        form.action,
        { ...form.hidden, email: 'weak@example.com', password: 'short' },
        cookie,
      );
      expect(weak.status).toBe(400);
      expect(weak.text).toMatch(/<input\s+id="password"[^>]*aria-invalid="true"/);
      expect(await user('weak@example.com')).toBeNull();
    });

    it('refuses a form without the CSRF cookie or with another token', async () => {
      const { form, cookie } = await openSignUp();
      const fields = { ...form.hidden, email: 'csrf@example.com', password: PASSWORD };
      expect((await postForm(form.action, fields)).status).toBe(403);
      expect((await postForm(form.action, { ...fields, csrf_token: 'x'.repeat(43) }, cookie)).status).toBe(
        403,
      );
      expect(await user('csrf@example.com')).toBeNull();
      expect((await fetchPage(`${registration.url}/t/no-such-tenant/signup`)).status).toBe(404);
    });

    it('accepts an invitation on the page the email links to', async () => {
      const created = await post(
        `/admin/tenants/${tenantId}/invitations`,
        { email: 'page-invitee@example.com', locale: 'de' },
        stack.operatorToken,
      );
      expect(created.status).toBe(201);
      const [mail] = await mailTo('page-invitee@example.com', 'invitation');
      const page = await fetchPage(linkIn(mail!, '/invite?token='));
      expect(page.status).toBe(200);
      expect(page.text).toContain('page-invitee@example.com');
      const form = readForm(page.text);
      const cookie = page.cookies.map(cookiePair).join('; ');
      const weak = await postForm(form.action, { ...form.hidden, password: 'short' }, cookie);
      expect(weak.status).toBe(400);
      expect(weak.text).toMatch(/<input\s+id="password"[^>]*aria-invalid="true"/);
      const accepted = await postForm(form.action, { ...form.hidden, password: PASSWORD }, cookie);
      expect(accepted.status).toBe(200);
      expect((await user('page-invitee@example.com'))?.state).toBe('active');
      expect((await fetchPage(linkIn(mail!, '/invite?token='))).status).toBe(400);
    });
  });

  describe('onboarding from a login page', () => {
    const REDIRECT_URI = 'https://payroll.example/cb';
    let app: { clientId: string; clientSecret: string };
    let config: oidc.Configuration;
    const issuer = () => `${stack.authentication[eu]!.url}/t/${slug()}`;

    beforeAll(async () => {
      const created = await stack.admin<{ clientId: string; clientSecret: string }>(
        `/admin/tenants/${tenantId}/applications`,
        'POST',
        { name: 'Payroll', kind: 'web', redirectUris: [REDIRECT_URI] },
      );
      expect(created.status).toBe(201);
      app = created.body;
      await eventually(
        async () =>
          (
            await fetchPage(
              `${issuer()}/oauth2/authorize?${new URLSearchParams({ client_id: app.clientId, redirect_uri: REDIRECT_URI })}`,
            )
          ).status === 303 || undefined,
        { what: 'the application in the region' },
      );
      config = await oidc.discovery(
        new URL(issuer()),
        app.clientId,
        {},
        oidc.ClientSecretBasic(app.clientSecret),
        { execute: [oidc.allowInsecureRequests] },
      );
    });

    /** openid-client's authorization URL, which answers with the login page. */
    const startLogin = async () => {
      const verifier = oidc.randomPKCECodeVerifier();
      const nonce = oidc.randomNonce();
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT_URI,
        scope: 'openid email',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      const login = await fetchPage(url.href);
      expect(loginFlowOf(login)).toBeDefined();
      return { login, verifier, nonce, state };
    };

    it('signs up from the login page and lands signed in at the application after the email link', async () => {
      const { login, verifier, nonce, state } = await startLogin();
      const signUpHref = /href="([^"]*\/signup\?flow=[^"]*)"/.exec(login.text)?.[1];
      expect(signUpHref).toBeDefined();
      const signUpPage = await fetchPage(decodeAttribute(signUpHref!));
      expect(signUpPage.status).toBe(200);
      const form = readForm(signUpPage.text);
      expect(form.hidden.flow).toBeDefined();
      const cookies = new Map(signUpPage.cookies.map((c) => cookiePair(c).split('=') as [string, string]));
      const jar = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const submitted = await postForm(
        form.action,
        { ...form.hidden, email: 'onboarded@example.com', password: PASSWORD },
        jar(),
      );
      expect(submitted.status).toBe(200);
      for (const c of submitted.cookies) {
        const [k, v] = cookiePair(c).split('=') as [string, string];
        cookies.set(k, v);
      }

      // The link from the real email, opened in the same browser.
      const [mail] = await mailTo('onboarded@example.com', 'verification');
      const link = linkIn(mail!, '/verify?token=');
      const verified = await fetchPage(link, { headers: { cookie: jar() } });
      expect(verified.status).toBe(303);
      const continueUrl = new URL(verified.location!);
      expect(`${continueUrl.origin}${continueUrl.pathname}`).toBe(`${issuer()}/login/continue`);
      expect((await user('onboarded@example.com'))?.state).toBe('active');

      const landed = await fetchPage(continueUrl.href);
      expect(landed.status).toBe(303);
      const callback = new URL(landed.location!);
      expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
      expect(landed.cookies.some((c) => c.startsWith('idaas_session='))).toBe(true);
      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedNonce: nonce,
        expectedState: state,
        idTokenExpected: true,
      });
      expect(tokens.claims()).toMatchObject({
        sub: String((await user('onboarded@example.com'))!._id),
        email: 'onboarded@example.com',
      });
      // The ticket works once.
      expect((await fetchPage(continueUrl.href)).status).toBe(400);
    });

    it('only verifies when the link is opened in another browser', async () => {
      const { login } = await startLogin();
      const signUpHref = /href="([^"]*\/signup\?flow=[^"]*)"/.exec(login.text)![1]!;
      const signUpPage = await fetchPage(decodeAttribute(signUpHref));
      const form = readForm(signUpPage.text);
      const submitted = await postForm(
        form.action,
        { ...form.hidden, email: 'elsewhere@example.com', password: PASSWORD },
        signUpPage.cookies.map(cookiePair).join('; '),
      );
      expect(submitted.status).toBe(200);
      const [mail] = await mailTo('elsewhere@example.com', 'verification');
      const opened = await fetchPage(linkIn(mail!, '/verify?token='));
      expect(opened.status).toBe(200);
      expect(opened.location).toBeNull();
      expect((await user('elsewhere@example.com'))?.state).toBe('active');
    });

    it('refuses a pending_verification user at the login page with the generic message', async () => {
      expect((await signUp({ email: 'pending@example.com', password: PASSWORD })).status).toBe(202);
      const { login } = await startLogin();
      const form = readForm(login.text);
      const refused = await postForm(form.action, {
        ...form.hidden,
        email: 'pending@example.com',
        password: PASSWORD,
      });
      expect(refused.status).toBe(400);
      expect(refused.location).toBeNull();
      expect(refused.text).toContain('The email or password is not correct.');
    });
  });
});
