import { MongoClient } from 'mongodb';
import { totpAt } from '@idaas/crypto';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { fetchPage, postForm, readForm } from './support/hosted-pages';
import { passwordStep, redeem, webApplication, type WebApplication } from './support/hosted-sign-in';
import { requireMfaOn } from './support/mfa-override';
import { uniqueRegion } from './support/names';
import { startStack } from './support/stack';
import { appFromSetUpPage } from './support/totp-enrolment';
import { recordUserTopic } from './support/user-topic';
import { eventually } from './support/wait';

const REDIRECT_URI = 'https://payroll.example/callback';
const PASSWORD = 'correct horse battery staple';
const MFA_CHANGED = 'idaas.user.mfa.changed.v1';
const SIGNED_IN = 'idaas.user.signin.succeeded.v2';

/**
 * Second-factor changes as an integrator's consumer of the region's user topic sees them: TOTP
 * enrolled through the hosted pages by HTTP on the real stack, with the code computed here.
 */
describe('second-factor change events (idaas.user.mfa.changed.v1)', () => {
  const eu = uniqueRegion('mfe');
  const database = `mgmt_${eu}`;
  const slug = `mfe-${eu}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stack: Awaited<ReturnType<typeof startStack>>;
  let topic: Awaited<ReturnType<typeof recordUserTopic>>;
  let users: MongoUserDirectory;
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
    await requireMfaOn(stack, users, tenantId, payroll);
  });

  afterAll(async () => {
    await topic?.close();
    await stack?.close();
    await mongo.close();
  });

  it('TOTP enrolled at first sign-in: one event {totp, enrolled} before the sign-in, none for the wrong code', async () => {
    const { email, userId } = await newUser();
    const start = await passwordStep(payroll, { email, password: PASSWORD });
    expect(start.response.location).toMatch(/\/login\/mfa\/enrol\?flow=/);
    const page = await fetchPage(start.response.location!);
    const { secret } = appFromSetUpPage(page.text);
    expect(secret).toBeDefined();
    const form = readForm(page.text);
    const wrong = await postForm(form.action, {
      ...form.hidden,
      code: totpAt(secret, new Date()) === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(400);
    const retry = readForm(wrong.text);
    const confirmed = await postForm(retry.action, { ...retry.hidden, code: totpAt(secret, new Date()) });
    expect(confirmed.status).toBe(200);
    const next = readForm(confirmed.text);
    const done = await postForm(next.action, next.hidden);
    expect((await redeem(payroll, done, start)).claims()!.amr).toEqual(['pwd', 'otp', 'mfa']);

    // One user's events share the document's outbox and Kafka key, so they arrive in order: once
    // the sign-in is there, an event the wrong code had written would be there before it.
    await eventually(async () => topic.of(userId).some((e) => e.type === SIGNED_IN), {
      what: 'the completed sign-in on the user topic',
    });
    const events = topic.of(userId).filter((e) => e.type === MFA_CHANGED || e.type === SIGNED_IN);
    expect(events.map((e) => e.type)).toEqual([MFA_CHANGED, SIGNED_IN]);
    expect(events[0]).toMatchObject({
      subject: userId,
      tenantid: tenantId,
      region: eu,
      source: `/idaas/${eu}/authentication`,
      data: { userId, method: 'totp', change: 'enrolled', actor: 'user' },
    });
    // Ids and methods only: nothing of the secret or the user's email travels.
    expect(Object.keys(events[0]!.data as object).sort()).toEqual(['actor', 'change', 'method', 'userId']);
  });
});
