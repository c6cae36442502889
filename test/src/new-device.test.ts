import { createHash } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { startMailbox, type RunningMailbox } from '@idaas/infra-local';
import { identityDatabaseName, KNOWN_DEVICES, MongoUserDirectory } from '@idaas/user-store';
import { signInThroughPages } from './support/hosted-login';
import { cookiePair, pkce, type PageResponse } from './support/hosted-pages';
import { webApplication } from './support/hosted-sign-in';
import { mailOf, startMailingNotification } from './support/mailbox';
import { uniqueRegion } from './support/names';
import { startStack } from './support/stack';
import { recordUserTopic } from './support/user-topic';
import { eventually } from './support/wait';

const PASSWORD = 'correct horse battery staple';
const REDIRECT_URI = 'https://payroll.example/callback';
const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const NEW_DEVICE = 'idaas.user.signin.new_device.v1';

/**
 * Device recognition at the hosted sign-in and the new-device email, on the real stack: the
 * region's authentication service records devices and relays the user outbox; the notification
 * service mails through a local SMTP receiver.
 */
describe('new-device sign-in', () => {
  const eu = uniqueRegion('nd');
  const database = `mgmt_${eu}`;
  const slug = `nd-${eu}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stack: Awaited<ReturnType<typeof startStack>>;
  let mailbox: RunningMailbox;
  let notification: Awaited<ReturnType<typeof startMailingNotification>> | undefined;
  let topic: Awaited<ReturnType<typeof recordUserTopic>>;
  let users: MongoUserDirectory;
  let tenantId: string;
  let clientId: string;
  let issuer: string;

  /** The hosted login as a browser with this User-Agent and these cookies does it; the answer to the form post. */
  async function signIn(
    email: string,
    browser: { userAgent: string; cookie?: string },
  ): Promise<PageResponse> {
    const headers = {
      'user-agent': browser.userAgent,
      ...(browser.cookie ? { cookie: browser.cookie } : {}),
    };
    const url = new URL(`${issuer}/oauth2/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      state: 'st',
      nonce: 'no',
    }).toString();
    const { response: answer } = await signInThroughPages(url.href, { email, password: PASSWORD }, headers);
    expect(answer.status).toBe(303);
    expect(answer.location).toMatch(new RegExp(`^${REDIRECT_URI}\\?code=`));
    return answer;
  }

  const deviceCookieOf = (res: PageResponse) => res.cookies.find((c) => c.startsWith('idaas_device='));
  const devicesOf = (userId: string) =>
    mongo.db(identityDatabaseName(eu)).collection(KNOWN_DEVICES).find({ tenantId, userId }).toArray();

  beforeAll(async () => {
    await mongo.connect();
    mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
    stack = await startStack([eu], database);
    tenantId = await stack.createTenant(slug, eu);
    users = new MongoUserDirectory(mongo.db(identityDatabaseName(eu)), {
      region: eu,
      source: `/idaas/${eu}/test`,
    });
    topic = await recordUserTopic(eu, `${database}.`);
    notification = await startMailingNotification(eu, database, mailbox, {
      SMTP_FROM: 'Acme ID <no-reply@id.acme.example>',
    });
    ({ clientId, issuer } = await webApplication(
      stack,
      { region: eu, slug, tenantId },
      'Payroll',
      REDIRECT_URI,
    ));
  });

  afterAll(async () => {
    await notification?.close();
    await topic?.close();
    await stack?.close();
    await mailbox?.close();
    await mongo.close();
  });

  it('records the first browser silently, recognises it again, and mails a sign-in from another one', async () => {
    const email = 'nadia@example.com';
    const { userId } = await users.create(tenantId, {
      email,
      password: PASSWORD,
      state: 'active',
      emailVerified: true,
    });

    // First sign-in ever: the device is recorded and the browser gets a long-lived device cookie.
    const first = await signIn(email, { userAgent: FIREFOX_LINUX });
    const setCookie = deviceCookieOf(first);
    expect(setCookie).toBeDefined();
    expect(setCookie).toContain(`Path=/t/${slug}`);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain(`Max-Age=${400 * 24 * 60 * 60}`);
    const deviceCookie = cookiePair(setCookie!);
    const secret = deviceCookie.slice('idaas_device='.length);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    const [recorded, ...more] = await devicesOf(userId);
    expect(more).toHaveLength(0);
    expect(recorded!.label).toBe('Firefox on Linux');
    // Only the hash is stored, never the cookie value.
    expect(recorded!.deviceHash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(recorded)).not.toContain(secret);

    // The same browser again: known, no new record, no new cookie.
    const again = await signIn(email, { userAgent: FIREFOX_LINUX, cookie: deviceCookie });
    expect(deviceCookieOf(again)).toBeUndefined();
    expect(await devicesOf(userId)).toHaveLength(1);

    // Another browser (no device cookie): recorded, announced on the user topic and mailed.
    const other = await signIn(email, { userAgent: SAFARI_IPHONE });
    expect(deviceCookieOf(other)).toBeDefined();
    expect((await devicesOf(userId)).map((d) => d.label).sort()).toEqual([
      'Firefox on Linux',
      'Safari on iOS',
    ]);
    const [mail] = await eventually(
      async () =>
        (await mailOf(mailbox, email, 'new_device_sign_in')).length > 0
          ? mailOf(mailbox, email, 'new_device_sign_in')
          : undefined,
      { what: 'the new-device email' },
    );
    expect(mail!.subject).toContain('New sign-in');
    expect(mail!.text).toContain('from Safari on iOS at ');
    expect(mail!.text).not.toContain('near');

    const event = await eventually(async () => topic.of(userId).find((e) => e.type === NEW_DEVICE), {
      what: 'the new-device event on the user topic',
    });
    expect(event.data).toEqual({ userId, device: 'Safari on iOS', at: expect.any(String) });
    const otherSecret = cookiePair(deviceCookieOf(other)!).slice('idaas_device='.length);
    const raw = JSON.stringify(event);
    expect(raw).not.toContain(otherSecret);
    expect(raw).not.toMatch(/127\.0\.0\.1|::1|"ip"/i);

    // Exactly one notice: neither the first sign-in nor the recognised one sent anything.
    expect(topic.of(userId).filter((e) => e.type === NEW_DEVICE)).toHaveLength(1);
    expect(await mailOf(mailbox, email, 'new_device_sign_in')).toHaveLength(1);
  });
});
