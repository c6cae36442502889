import { MongoClient } from 'mongodb';
import type { CloudEvent } from '@idaas/events';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { cookiePair, fetchPage, postForm, readForm, type PageResponse } from './support/hosted-pages';
import { passwordStep, redeem, webApplication, type WebApplication } from './support/hosted-sign-in';
import { requireMfaOn } from './support/mfa-override';
import { uniqueRegion } from './support/names';
import { startStack } from './support/stack';
import { enrolTotp } from './support/totp-enrolment';
import { recordUserTopic } from './support/user-topic';

const REDIRECT_URI = 'https://payroll.example/callback';
const PASSWORD = 'correct horse battery staple';
const V1 = 'idaas.user.signin.succeeded.v1';
const V2 = 'idaas.user.signin.succeeded.v2';

/**
 * Sign-in events as an integrator's consumer of the region's user topic sees them, through the
 * hosted pages by HTTP on the real stack: v1 when the password is proven (unchanged), v2 when the
 * sign-in completes, with the `amr` the tokens got; a sign-in that never completes has no v2.
 * And "remember this device" is not honoured after a recovery code, even from a hand-made form.
 */
describe('sign-in events (idaas.user.signin.succeeded.v1 and v2)', () => {
  const eu = uniqueRegion('sev');
  const database = `mgmt_${eu}`;
  const slug = `sev-${eu}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stack: Awaited<ReturnType<typeof startStack>>;
  let topic: Awaited<ReturnType<typeof recordUserTopic>>;
  let users: MongoUserDirectory;
  let tenantId: string;
  /** MFA required, browsers remembered for 30 days. */
  let payroll: WebApplication;
  /** The tenant's default policy: no second factor. */
  let wiki: WebApplication;
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

  /** The user's sign-in events on the topic, oldest first, once `v2Count` completed sign-ins arrived. */
  const signInEvents = async (userId: string, v2Count: number): Promise<CloudEvent[]> => {
    // v1 and v2 of one user ride the same document's outbox and Kafka key: in order on the topic,
    // so when the n-th v2 is there, every v1 written before it is too.
    await topic.awaitOf(userId, V2, v2Count);
    return topic.of(userId).filter((e) => e.type === V1 || e.type === V2);
  };

  /** Posts a code on the second-factor page the password step led to, as the browser with `cookie`. */
  const secondFactor = async (
    at: PageResponse,
    fields: { method: 'totp' | 'recovery_code'; code: string; remember_device?: 'on' },
    cookie?: string,
  ) => {
    expect(at.status).toBe(303);
    expect(at.location).toMatch(/\/login\/mfa\?flow=/);
    const form = readForm((await fetchPage(at.location!)).text);
    return postForm(form.action, { ...form.hidden, ...fields }, cookie);
  };

  const deviceCookieOf = (res: PageResponse) => {
    const set = res.cookies.find((c) => c.startsWith('idaas_device='));
    return set ? cookiePair(set) : undefined;
  };

  beforeAll(async () => {
    await mongo.connect();
    stack = await startStack([eu], database);
    tenantId = await stack.createTenant(slug, eu);
    users = new MongoUserDirectory(mongo.db(identityDatabaseName(eu)), {
      region: eu,
      source: `/idaas/${eu}/test`,
    });
    topic = await recordUserTopic(eu, `${database}.`);
    payroll = await webApplication(stack, { region: eu, slug, tenantId }, 'Payroll', REDIRECT_URI);
    wiki = await webApplication(stack, { region: eu, slug, tenantId }, 'Wiki', REDIRECT_URI);
    await requireMfaOn(stack, users, tenantId, payroll, { rememberDeviceDays: 30 });
  });

  afterAll(async () => {
    await topic?.close();
    await stack?.close();
    await mongo.close();
  });

  it('a password sign-in: v1 as before, then v2 with amr ["pwd"]', async () => {
    const { email, userId } = await newUser();
    const start = await passwordStep(wiki, { email, password: PASSWORD });
    expect((await redeem(wiki, start.response, start)).claims()!.amr).toEqual(['pwd']);
    const events = await signInEvents(userId, 1);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [V1, { userId, method: 'password', passwordResetRequired: false }],
      [V2, { userId, method: 'password', amr: ['pwd'], passwordResetRequired: false }],
    ]);
    expect(events[1]).toMatchObject({ subject: userId, tenantid: tenantId, region: eu });
  });

  it('password + TOTP: v1 when the password is right, v2 with the second factor once the code is; none for the wrong code', async () => {
    const { email, userId } = await newUser();
    const totp = await enrolTotp(mongo.db(identityDatabaseName(eu)), { region: eu, tenantId }, userId);
    const start = await passwordStep(payroll, { email, password: PASSWORD });
    const wrong = await secondFactor(start.response, { method: 'totp', code: '000000' });
    expect(wrong.status).toBe(400);
    const retry = readForm(wrong.text);
    const done = await postForm(retry.action, { ...retry.hidden, method: 'totp', code: totp.nextCode() });
    expect((await redeem(payroll, done, start)).claims()!.amr).toEqual(['pwd', 'otp', 'mfa']);
    const events = await signInEvents(userId, 1);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [V1, { userId, method: 'password', passwordResetRequired: false }],
      [V2, { userId, method: 'password', amr: ['pwd', 'otp', 'mfa'], passwordResetRequired: false }],
    ]);
  });

  it('a recovery code signs in (amr pwd rc mfa) but never remembers the browser; a TOTP code does', async () => {
    const { email, userId } = await newUser();
    const totp = await enrolTotp(mongo.db(identityDatabaseName(eu)), { region: eu, tenantId }, userId);
    // A first sign-in gives this browser its device cookie.
    const first = await passwordStep(payroll, { email, password: PASSWORD });
    const firstDone = await secondFactor(first.response, { method: 'totp', code: totp.nextCode() });
    const cookie = deviceCookieOf(firstDone);
    expect(cookie).toBeDefined();
    const browser = { cookie: cookie! };

    // A recovery code with "remember" posted by hand: signed in, and the browser is not remembered.
    const withCode = await passwordStep(payroll, { email, password: PASSWORD }, {}, browser);
    const recovered = await secondFactor(
      withCode.response,
      { method: 'recovery_code', code: totp.recoveryCodes[0]!, remember_device: 'on' },
      cookie,
    );
    expect((await redeem(payroll, recovered, withCode)).claims()!.amr).toEqual(['pwd', 'rc', 'mfa']);
    const asked = await passwordStep(payroll, { email, password: PASSWORD }, {}, browser);
    expect(asked.response.location).toMatch(/\/login\/mfa\?flow=/);

    // The same browser ticking it after a TOTP code is remembered: the next sign-in skips the code.
    const remembered = await secondFactor(
      asked.response,
      { method: 'totp', code: totp.nextCode(), remember_device: 'on' },
      cookie,
    );
    expect(remembered.status).toBe(303);
    const skipped = await passwordStep(payroll, { email, password: PASSWORD }, {}, browser);
    expect((await redeem(payroll, skipped.response, skipped)).claims()!.amr).toEqual(['pwd', 'rd']);

    const v2 = (await signInEvents(userId, 4)).filter((e) => e.type === V2).map((e) => e.data);
    expect(v2).toEqual(
      [
        ['pwd', 'otp', 'mfa'],
        ['pwd', 'rc', 'mfa'],
        ['pwd', 'otp', 'mfa'],
        ['pwd', 'rd'],
      ].map((amr) => ({ userId, method: 'password', amr, passwordResetRequired: false })),
    );
  });
});
