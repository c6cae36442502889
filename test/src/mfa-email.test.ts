import { MongoClient } from 'mongodb';
import { startMailbox, type RunningMailbox } from '@idaas/infra-local';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { cookiePair, fetchPage, postForm, readForm, type PageResponse } from './support/hosted-pages';
import { passwordStep, redeem, webApplication, type WebApplication } from './support/hosted-sign-in';
import { startLifecycleStack } from './support/lifecycle';
import { mailOf, mailTo, startMailingNotification } from './support/mailbox';
import { overrideMfa, untilPasswordStepLeadsTo } from './support/mfa-override';
import { uniqueRegion } from './support/names';
import { eventually } from './support/wait';

const REDIRECT_URI = 'https://payroll.example/callback';
const PASSWORD = 'correct horse battery staple';
const ACR_MFA = 'urn:idaas:acr:mfa';
const EMAIL_METHODS = ['totp', 'email_otp', 'recovery_code'];

/**
 * Email one-time codes as the second factor through the hosted pages by HTTP, with the real
 * notification service mailing through a local SMTP receiver: the code read from the email,
 * `amr`/`acr` of the ID token, resend limit, reuse and expiry-by-replacement, the lockout shared
 * with wrong passwords; then the recent-second-factor rule of `/me/password` (RFC 9470).
 */
describe('email one-time codes as a second factor', () => {
  const eu = uniqueRegion('mfae');
  const database = `mgmt_${eu}`;
  const slug = `mfae-${eu}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stackEnv: Awaited<ReturnType<typeof startLifecycleStack>>;
  let mailbox: RunningMailbox;
  let notification: Awaited<ReturnType<typeof startMailingNotification>> | undefined;
  let users: MongoUserDirectory;
  let tenantId: string;
  /** MFA required by its own override. */
  let payroll: WebApplication;
  /** The tenant's policy: MFA off unless the client asks with acr_values. */
  let portal: WebApplication;
  let seq = 0;

  const application = (name: string) =>
    webApplication(stackEnv.stack, { region: eu, slug, tenantId }, name, REDIRECT_URI);

  const newUser = async (emailVerified = true) => {
    const email = `user${++seq}@acme.example`;
    const user = await users.create(tenantId, { email, password: PASSWORD, state: 'active', emailVerified });
    return { email, userId: user.userId };
  };

  /** Starts a sign-in and posts the password; the answer and the PKCE values to redeem it. */
  const signInAs = (app: WebApplication, email: string, extra?: Record<string, string>) =>
    passwordStep(app, { email, password: PASSWORD }, extra);

  /** The form with this id on a page: where it posts and its hidden fields. */
  const formById = (page: PageResponse, id: string) => {
    const form = new RegExp(`<form id="${id}"[^>]*action="([^"]*)"[\\s\\S]*?</form>`).exec(page.text);
    if (!form) throw new Error(`no form #${id} on the page:\n${page.text}`);
    const hidden = Object.fromEntries(
      [...form[0].matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)].map((m) => [
        m[1]!,
        m[2]!,
      ]),
    );
    return { action: form[1]!.replace(/&amp;/g, '&'), hidden };
  };

  /** Opens the second-factor page the password step led to and presses "Email me a code". */
  const askForEmailCode = async (at: PageResponse) => {
    expect(at.status).toBe(303);
    expect(at.location).toMatch(/\/login\/mfa\?flow=/);
    const page = await fetchPage(at.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Email me a code');
    const send = formById(page, 'email-code-send');
    return postForm(send.action, send.hidden);
  };

  const codeOf = async (email: string, count = 1) => {
    const mail = await mailTo(mailbox, email, 'mfa_code', count);
    const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
    if (!code) throw new Error(`no code in:\n${mail.text}`);
    return code;
  };

  const submitCode = (page: PageResponse, code: string) => {
    const form = formById(page, 'email-code-form');
    return postForm(form.action, { ...form.hidden, code });
  };

  beforeAll(async () => {
    await mongo.connect();
    mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
    stackEnv = await startLifecycleStack(eu, database);
    tenantId = await stackEnv.stack.createTenant(slug, eu);
    users = new MongoUserDirectory(mongo.db(identityDatabaseName(eu)), {
      region: eu,
      source: `/idaas/${eu}/test`,
    });
    notification = await startMailingNotification(eu, database, mailbox, {
      SMTP_FROM: 'Acme ID <no-reply@id.acme.example>',
    });
    const policy = await stackEnv.stack.admin(`/admin/tenants/${tenantId}/policy`, 'PUT', {
      lockout: { maxAttempts: 3, durationSeconds: 600 },
      mfa: { mode: 'off', methods: EMAIL_METHODS },
    });
    expect(policy.status).toBe(200);
    payroll = await application('Payroll');
    portal = await application('Portal');
    await overrideMfa(stackEnv.stack, tenantId, payroll, { mode: 'required' });
    // Both policies reached the region once a verified user is asked for a second factor.
    const probe = await newUser();
    await untilPasswordStepLeadsTo(
      payroll,
      { email: probe.email, password: PASSWORD },
      /\/login\/mfa\?flow=/,
      'the MFA policies in the region',
    );
  });

  afterAll(async () => {
    await notification?.close();
    await stackEnv?.close();
    await mailbox?.close();
    await mongo.close();
  });

  it('signs in with a code read from the email; the ID token says otp and mfa', async () => {
    const { email } = await newUser();
    const pkce = await signInAs(payroll, email);
    const asked = await askForEmailCode(pkce.response);
    expect(asked.status).toBe(200);
    expect(asked.text).toMatch(/We sent a six-digit code to u\*\*\*\d@acme\.example/);
    const mail = await mailTo(mailbox, email, 'mfa_code');
    expect(mail.subject).toMatch(/sign-in code: \d{6}$/);
    const done = await submitCode(asked, await codeOf(email));
    const claims = (await redeem(payroll, done, pkce)).claims()!;
    expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(claims.acr).toBe(ACR_MFA);
    expect(typeof claims.auth_time).toBe('number');
  });

  it('refuses a used code, a code of another sign-in, and a resend within half a minute', async () => {
    const { email } = await newUser();
    const first = await signInAs(payroll, email);
    const asked = await askForEmailCode(first.response);
    const used = await codeOf(email);
    const tooSoon = await postForm(
      formById(asked, 'email-code-resend').action,
      formById(asked, 'email-code-resend').hidden,
    );
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.text).toContain('A code was just sent');
    await redeem(payroll, await submitCode(tooSoon, used), first);

    // The same code in a new sign-in: it was for the other flow, and it was used.
    const second = await signInAs(payroll, email);
    const again = await askForEmailCode(second.response);
    const reused = await submitCode(again, used);
    expect(reused.status).toBe(400);
    expect(reused.text).toContain('not correct or was already used');
    const fresh = await codeOf(email, 2);
    await redeem(payroll, await submitCode(reused, fresh), second);
    expect(await mailOf(mailbox, email, 'mfa_code')).toHaveLength(2);
  });

  it('locks the user after as many wrong codes as wrong passwords would', async () => {
    const { email } = await newUser();
    const start = await signInAs(payroll, email);
    let page = await askForEmailCode(start.response);
    const code = await codeOf(email);
    const wrong = code === '000000' ? '111111' : '000000';
    // The tenant's lockout policy: 3 attempts.
    for (let i = 0; i < 3; i++) {
      page = await submitCode(page, wrong);
      expect(page.status).toBe(400);
    }
    expect((await users.findByEmail(tenantId, email))!.state).toBe('locked');
    // The right code no longer helps, and neither does the password.
    const form = readForm(page.text);
    const afterLock = await postForm(form.action, { ...form.hidden, method: 'email_otp', code });
    expect(afterLock.status).toBe(400);
    expect(afterLock.text).toContain('Too many attempts');
    expect((await signInAs(payroll, email)).response.status).toBe(400);
    // The lock is told by email, as for wrong passwords.
    await mailTo(mailbox, email, 'account_locked');
  });

  it('remembers the browser when "remember this device" is ticked with the code: the next sign-in skips it', async () => {
    const remembering = await application('Remembering');
    await overrideMfa(stackEnv.stack, tenantId, remembering, { mode: 'required', rememberDeviceDays: 30 });
    const probe = await newUser();
    await untilPasswordStepLeadsTo(
      remembering,
      { email: probe.email, password: PASSWORD },
      /\/login\/mfa\?flow=/,
      'the override in the region',
    );
    const { email } = await newUser();
    const first = await signInAs(remembering, email);
    const asked = await askForEmailCode(first.response);
    // The box is on the emailed-code form itself, unticked.
    const codeForm = /<form id="email-code-form"[\s\S]*?<\/form>/.exec(asked.text)?.[0] ?? '';
    expect(codeForm).toMatch(
      /<input id="remember_device_email_otp" name="remember_device" type="checkbox" value="on" \/>/,
    );
    expect(codeForm).toContain('Remember this device for 30 days');
    const form = formById(asked, 'email-code-form');
    const done = await postForm(form.action, {
      ...form.hidden,
      code: await codeOf(email),
      remember_device: 'on',
    });
    expect((await redeem(remembering, done, first)).claims()!.amr).toEqual(['pwd', 'otp', 'mfa']);
    const device = done.cookies.find((c) => c.startsWith('idaas_device='));
    expect(device).toBeDefined();

    // That browser: no code asked, and the tokens say so. Another browser is asked.
    const again = await passwordStep(
      remembering,
      { email, password: PASSWORD },
      {},
      { cookie: cookiePair(device!) },
    );
    const claims = (await redeem(remembering, again.response, again)).claims()!;
    expect(claims.amr).toEqual(['pwd', 'rd']);
    expect(claims.acr).toBe('urn:idaas:acr:pwd');
    expect((await signInAs(remembering, email)).response.location).toMatch(/\/login\/mfa\?flow=/);
  });

  it('offers no email code for an address that is not verified', async () => {
    const { email } = await newUser(false);
    const start = await signInAs(payroll, email);
    expect(start.response.location).toMatch(/\/login\/mfa\/enrol\?flow=/);
  });

  it('asks for a recent second factor before /me/password, with the RFC 9470 challenge', async () => {
    const { email } = await newUser();
    const plain = await signInAs(portal, email);
    const weak = await redeem(portal, plain.response, plain);
    expect(weak.claims()!.amr).toEqual(['pwd']);
    const change = (token: string, newPassword: string) =>
      stackEnv.call(token, `/t/${slug}/me/password`, 'POST', { currentPassword: PASSWORD, newPassword });
    const refused = await eventually(
      async () => {
        const r = await change(weak.access_token, 'a brand new passphrase 1');
        return r.status === 401 ? r : undefined;
      },
      { what: 'the lifecycle service accepting user tokens' },
    );
    expect(refused.body.type).toMatch(/insufficient_user_authentication$/);
    const challenge = refused.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer error="insufficient_user_authentication"/);
    expect(challenge).toContain(`acr_values="${ACR_MFA}"`);
    expect(challenge).toContain('max_age="900"');
    // Moving the address codes go to is a credential change too; a name is not.
    const me = (token: string, body: unknown) => stackEnv.call(token, `/t/${slug}/me`, 'PATCH', body);
    expect((await me(weak.access_token, { email: `moved-${email}` })).status).toBe(401);
    expect((await me(weak.access_token, { name: 'Still Me' })).status).toBe(200);

    // The client follows the challenge: acr_values asks for the second factor.
    const stepUp = await signInAs(portal, email, { acr_values: ACR_MFA, max_age: '900' });
    const asked = await askForEmailCode(stepUp.response);
    const strong = await redeem(portal, await submitCode(asked, await codeOf(email)), stepUp);
    expect(strong.claims()!.acr).toBe(ACR_MFA);
    const changed = await change(strong.access_token, 'a brand new passphrase 2');
    expect(changed.status).toBe(204);
  });
});
