import { MongoClient } from 'mongodb';
import { startMailbox, type ReceivedMessage, type RunningMailbox } from '@idaas/infra-local';
import { totpAt } from '@idaas/crypto';
import { identityDatabaseName, MongoUserDirectory, type SecondFactorRemoval } from '@idaas/user-store';
import { fetchPage, postForm, readForm } from './support/hosted-pages';
import { passwordStep, redeem, webApplication, type WebApplication } from './support/hosted-sign-in';
import { mailOf, mailTo, startMailingNotification } from './support/mailbox';
import { requireMfaOn } from './support/mfa-override';
import { uniqueRegion } from './support/names';
import { secondFactorRemoval } from './support/second-factor-removal';
import { startStack } from './support/stack';
import { appFromSetUpPage } from './support/totp-enrolment';

const REDIRECT_URI = 'https://payroll.example/callback';
const PASSWORD = 'correct horse battery staple';
const KIND = 'mfa_changed';

/**
 * The security email of issue 7 on the real stack: second factors change (an authenticator app
 * enrolled through the hosted pages by HTTP, an administrator's reset), the region relays
 * `idaas.user.mfa.changed.v1`, and the notification service mails through a local SMTP receiver.
 */
describe('second-factor change email', () => {
  const eu = uniqueRegion('mce');
  const database = `mgmt_${eu}`;
  const slug = `mce-${eu}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stack: Awaited<ReturnType<typeof startStack>>;
  let mailbox: RunningMailbox;
  let notification: Awaited<ReturnType<typeof startMailingNotification>> | undefined;
  let users: MongoUserDirectory;
  let removal: SecondFactorRemoval;
  let tenantId: string;
  /** MFA required: a user without a second factor enrols one at sign-in. */
  let payroll: WebApplication;
  let seq = 0;

  const newUser = async () => {
    const email = `user${++seq}@acme.example`;
    const { userId } = await users.create(tenantId, {
      email,
      password: PASSWORD,
      state: 'active',
      emailVerified: true,
    });
    return { email, userId };
  };

  /** A sign-in that sets up an authenticator app on the page the password leads to; the app's secret. */
  async function signInEnrollingApp(email: string): Promise<string> {
    const start = await passwordStep(payroll, { email, password: PASSWORD });
    expect(start.response.location).toMatch(/\/login\/mfa\/enrol\?flow=/);
    const enrol = await fetchPage(start.response.location!);
    const { secret } = appFromSetUpPage(enrol.text);
    expect(secret).not.toBe('');
    const form = readForm(enrol.text);
    const codes = await postForm(form.action, { ...form.hidden, code: totpAt(secret, new Date()) });
    expect(codes.status).toBe(200);
    const onwards = readForm(codes.text);
    await redeem(payroll, await postForm(onwards.action, onwards.hidden), start);
    return secret;
  }

  const parts = (mail: ReceivedMessage) => [mail.subject, mail.text, mail.html];

  beforeAll(async () => {
    await mongo.connect();
    mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
    stack = await startStack([eu], database);
    tenantId = await stack.createTenant(slug, eu);
    const identity = mongo.db(identityDatabaseName(eu));
    users = new MongoUserDirectory(identity, { region: eu, source: `/idaas/${eu}/test` });
    removal = secondFactorRemoval(identity, eu);
    notification = await startMailingNotification(eu, database, mailbox);
    payroll = await webApplication(stack, { region: eu, slug, tenantId }, 'Payroll', REDIRECT_URI);
    await requireMfaOn(stack, users, tenantId, payroll);
  });

  afterAll(async () => {
    await notification?.close();
    await stack?.close();
    await mailbox?.close();
    await mongo.close();
  });

  it('mails the user what was added at sign-in, without the secret', async () => {
    const { email } = await newUser();
    const secret = await signInEnrollingApp(email);

    const mail = await mailTo(mailbox, email, KIND);
    expect(mail.to).toEqual([email]);
    expect(mail.subject).toMatch(/^Two-step verification changed on your .+ account$/);
    expect(mail.text).toContain('An authenticator app was added.');
    expect(mail.text).toMatch(/This happened at \d{4}-\d\d-\d\d \d\d:\d\d UTC on the account /);
    expect(mail.text).toContain('If it was not you, someone may be in your account');
    expect(mail.text).not.toContain('administrator');
    for (const part of parts(mail)) {
      expect(part).not.toContain(secret);
      expect(part).not.toMatch(/otpauth/i);
    }
  });

  it("tells of an administrator's reset once (not again for the recovery codes), and of the next enrolment", async () => {
    const { email, userId } = await newUser();
    await signInEnrollingApp(email);
    await mailTo(mailbox, email, KIND);

    // The reset takes the app and the recovery codes: two events, one email.
    expect(await removal.reset(tenantId, userId, 'admin', new Date())).toEqual(['totp', 'recovery_code']);
    const removed = await mailTo(mailbox, email, KIND, 2);
    expect(removed.text).toMatch(/An authenticator app was removed by an administrator of .+\./);
    expect(removed.text).toContain('If you did not ask for this, contact support.');

    // MFA is still required, so the next sign-in enrols again. One user's events are consumed in
    // order and mailed oldest first: once this email is here, one for the codes would be too.
    await signInEnrollingApp(email);
    await mailTo(mailbox, email, KIND, 3);
    const lines = (await mailOf(mailbox, email, KIND)).map((m) => m.text.split('\n\n')[1]);
    expect(lines).toEqual([
      'An authenticator app was added.',
      expect.stringMatching(/^An authenticator app was removed by an administrator of /),
      'An authenticator app was added.',
    ]);
  });

  it('is a message kind a tenant previews and replaces, with flags for its own language', async () => {
    const path = `/admin/tenants/${tenantId}/templates/${KIND}`;
    const preview = await stack.admin<{ source: string; subject: string; text: string }>(
      `${path}/de-CH/preview`,
      'POST',
      { values: { change: 'An authenticator app was removed', byAdmin: 'yes' } },
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ source: 'platform', locale: 'en' });
    expect(preview.body.text).toContain('An authenticator app was removed by an administrator of ');
    expect(preview.body.text).toContain('This happened at 2030-01-01 12:00 UTC');

    const german = {
      subject: 'Anmeldung bei {{tenant.name}} geändert',
      html: '<p>{{#if passkey}}Ein Passkey{{else}}Ein zweiter Faktor{{/if}} wurde {{#if added}}hinzugefügt{{else}}geändert{{/if}}, {{time}}.</p>',
      text: '{{#if passkey}}Ein Passkey{{else}}Ein zweiter Faktor{{/if}} wurde {{#if added}}hinzugefügt{{else}}geändert{{/if}}, {{time}}.',
    };
    const withoutTime = await stack.admin<{ errors: { field: string }[] }>(`${path}/de`, 'PUT', {
      ...german,
      text: 'Ein zweiter Faktor wurde geändert.',
    });
    expect(withoutTime.status).toBe(400);
    expect(withoutTime.body.errors.map((e) => e.field)).toEqual(['body.text']);
    expect((await stack.admin(`${path}/de`, 'PUT', german)).status).toBe(200);
    const own = await stack.admin<{ source: string; text: string }>(`${path}/de-CH/preview`, 'POST', {});
    expect(own.body).toMatchObject({ source: 'tenant', locale: 'de' });
    expect(own.body.text).toBe('Ein Passkey wurde hinzugefügt, 2030-01-01 12:00 UTC.');
  });
});
