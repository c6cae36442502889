import { MongoClient } from 'mongodb';
import { UserProfileChangedV1 } from '@idaas/events';
import { startMailbox, type ReceivedMessage, type RunningMailbox } from '@idaas/infra-local';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { relyingParty, signIn, type RelyingParty } from './support/code-flow';
import { fetchPage } from './support/hosted-pages';
import { startLifecycleStack } from './support/lifecycle';
import { mailTo, startMailingNotification } from './support/mailbox';
import { uniqueRegion } from './support/names';
import { recordUserTopic } from './support/user-topic';
import { eventually } from './support/wait';
import { startRegionRegistration, type RunningRegistration } from './support/registration';

const SEALING_KEY = Buffer.from('suite-message-sealing-key-32byte').toString('base64');
const PASSWORD = 'correct horse battery staple';
const KIND = 'verification';

/**
 * An active user whose address is unverified (changed at /me, or never verified) proves it after
 * the fact: the registration service mails a code and link to the current address through the
 * real notification service and SMTP relay, and the next ID token says `email_verified: true`.
 */
describe('verifying the email address after the fact', () => {
  const region = uniqueRegion('erv');
  const database = `erv_${region}`;
  const slug = `erv-${region}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let env_: Awaited<ReturnType<typeof startLifecycleStack>>;
  let registration: RunningRegistration;
  let notification: Awaited<ReturnType<typeof startMailingNotification>> | undefined;
  let mailbox: RunningMailbox;
  let userTopic: Awaited<ReturnType<typeof recordUserTopic>>;
  let users: MongoUserDirectory;
  let tenantId: string;
  let rp: RelyingParty;
  let seq = 0;

  const call = async (token: string | undefined, path: string, body?: unknown) => {
    const res = await fetch(`${registration.url}/t/${slug}/me/email${path}`, {
      method: 'POST',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: (text ? JSON.parse(text) : {}) as { code?: string; errors?: { field: string }[] },
    };
  };
  const askForCode = (token: string | undefined) => call(token, '/verification');
  const verify = (token: string, code: string) => call(token, '/verify', { code });
  const changeEmail = async (token: string, email: string) => {
    const res = await env_.call(token, `/t/${slug}/me`, 'PATCH', { email });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email, emailVerified: false });
  };
  /** What an application learns at a new sign-in: the ID token's claims. */
  const idTokenOf = async (email: string) =>
    (await signIn(rp, { email, password: PASSWORD })).tokens.claims()!;
  const codeIn = (mail: ReceivedMessage) => /\b(\d{6})\b/.exec(mail.text)![1]!;
  const linkIn = (mail: ReceivedMessage) => /(https?:\/\/\S+\/verify\?token=[^\s"<]+)/.exec(mail.text)![1]!;
  /** An hour passes for the per-address email limit (its counters start over). */
  const sendLimitsExpire = async () => {
    const longAgo = new Date(Date.now() - 2 * 3600 * 1000);
    await mongo
      .db(`idaas_${region}_registration`)
      .collection('verification_send_counters')
      .updateMany({}, { $set: { windowStart: longAgo, lastAt: longAgo } });
  };

  /** A new active user, signed in through the code flow; `emailVerified` as an import would set it. */
  async function signedIn(emailVerified: boolean) {
    const email = `user${++seq}@acme.test`;
    const { userId } = await users.create(tenantId, {
      email,
      password: PASSWORD,
      state: 'active',
      emailVerified,
    });
    const { tokens } = await signIn(rp, { email, password: PASSWORD });
    return { email, userId, token: tokens.access_token };
  }

  beforeAll(async () => {
    await mongo.connect();
    mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
    env_ = await startLifecycleStack(region, database);
    registration = await startRegionRegistration(region, database, SEALING_KEY);
    notification = await startMailingNotification(region, database, mailbox, {
      MESSAGE_SEALING_KEY: SEALING_KEY,
    });
    userTopic = await recordUserTopic(region, `${database}.`);
    users = new MongoUserDirectory(mongo.db(identityDatabaseName(region)), {
      region,
      source: `/idaas/${region}/test`,
    });
    tenantId = await env_.stack.createTenant(slug, region);
    rp = await relyingParty(env_.stack, region, slug, tenantId);
    // Both services know the tenant and the region's published key once a verified user gets the 409.
    const probe = await signedIn(true);
    await eventually(async () => (await askForCode(probe.token)).status === 409, {
      what: 'the registration service accepting user tokens',
    });
    await eventually(async () => (await env_.call(probe.token, `/t/${slug}/me`)).status === 200, {
      what: 'the lifecycle service accepting user tokens',
    });
  });

  afterAll(async () => {
    await userTopic?.close();
    await notification?.close();
    await registration?.close();
    await env_?.close();
    await mailbox?.close();
    await mongo.close();
  });

  it('a changed address is unverified in the ID token until the code mailed to it is posted', async () => {
    const alice = await signedIn(true);
    const address = `alice-new-${region}@acme.test`;
    await changeEmail(alice.token, address);
    expect(await idTokenOf(address)).toMatchObject({ email: address, email_verified: false });

    expect((await askForCode(alice.token)).status).toBe(204);
    const mail = await mailTo(mailbox, address, KIND);
    expect(mail.to).toEqual([address]);
    // Resending is limited per address, as at sign-up.
    const tooSoon = await askForCode(alice.token);
    expect(tooSoon.status).toBe(429);
    expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);

    expect((await verify(alice.token, codeIn(mail))).status).toBe(204);
    expect(await idTokenOf(address)).toMatchObject({ email: address, email_verified: true });
    expect((await env_.call(alice.token, `/t/${slug}/me`)).body).toMatchObject({ emailVerified: true });

    // Integrators hear that the address is verified, never which address or code.
    // The first told of the new address, the second of its verification.
    const told = (await userTopic.awaitOf(alice.userId, UserProfileChangedV1.type, 2))[1];
    expect(told!.data).toEqual({ userId: alice.userId, changed: ['emailVerified'] });
    expect(JSON.stringify(told)).not.toContain(address);
    expect(JSON.stringify(told)).not.toContain(codeIn(mail));

    // Verified now: both endpoints give the clear answer.
    const again = await askForCode(alice.token);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_verified');
    expect((await verify(alice.token, codeIn(mail))).status).toBe(409);
  });

  it('the emailed link verifies a user who was never verified (an import, a tenant without verification)', async () => {
    const bob = await signedIn(false);
    expect(await idTokenOf(bob.email)).toMatchObject({ email_verified: false });
    expect((await askForCode(bob.token)).status).toBe(204);
    const page = await fetchPage(linkIn(await mailTo(mailbox, bob.email, KIND)));
    expect(page.status).toBe(200);
    expect(await idTokenOf(bob.email)).toMatchObject({ email_verified: true });
  });

  it('refuses a code for an address the account changed again afterwards', async () => {
    const carol = await signedIn(true);
    const first = `carol-1-${region}@acme.test`;
    const second = `carol-2-${region}@acme.test`;
    await changeEmail(carol.token, first);
    expect((await askForCode(carol.token)).status).toBe(204);
    const mail = await mailTo(mailbox, first, KIND);
    await changeEmail(carol.token, second);

    const stale = await verify(carol.token, codeIn(mail));
    expect(stale.status).toBe(400);
    expect(stale.body.code).toBe('invalid_verification');
    expect(await idTokenOf(second)).toMatchObject({ email: second, email_verified: false });

    // The new address has its own limit and its own code.
    expect((await askForCode(carol.token)).status).toBe(204);
    expect((await verify(carol.token, codeIn(await mailTo(mailbox, second, KIND)))).status).toBe(204);
    expect(await idTokenOf(second)).toMatchObject({ email_verified: true });
  });

  it("counts wrong codes towards the limit of five, and another user's token cannot use the code", async () => {
    const dave = await signedIn(false);
    const erin = await signedIn(false);
    expect((await askForCode(dave.token)).status).toBe(204);
    const code = codeIn(await mailTo(mailbox, dave.email, KIND));
    const wrong = code === '000000' ? '111111' : '000000';

    // Erin's token with Dave's code: it is nobody's code for Erin, and Dave's stays good.
    expect((await verify(erin.token, code)).status).toBe(400);
    expect((await users.findById(tenantId, erin.userId))!.emailVerified).toBe(false);
    expect((await users.findById(tenantId, dave.userId))!.emailVerified).toBe(false);

    const badInput = await verify(dave.token, '12345');
    expect(badInput.status).toBe(400);
    expect(badInput.body.errors).toEqual([expect.objectContaining({ field: 'body.code' })]);
    for (let i = 0; i < 5; i++) {
      const refused = await verify(dave.token, wrong);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('invalid_verification');
    }
    // The fifth wrong code spent the verification: the right one no longer works.
    expect((await verify(dave.token, code)).status).toBe(400);
    expect(await idTokenOf(dave.email)).toMatchObject({ email_verified: false });

    // A new code (after the per-address limit) works.
    await sendLimitsExpire();
    expect((await askForCode(dave.token)).status).toBe(204);
    const fresh = codeIn(await mailTo(mailbox, dave.email, KIND, 2));
    expect((await verify(dave.token, fresh)).status).toBe(204);
    expect(await idTokenOf(dave.email)).toMatchObject({ email_verified: true });
  });

  it("an admin with users:write asks for it (an import); another tenant's user is 404", async () => {
    const path = (tenant: string, userId: string) =>
      `${registration.url}/admin/tenants/${tenant}/users/${userId}/email/verification`;
    const ask = async (token: string, tenant: string, userId: string) =>
      (await fetch(path(tenant, userId), { method: 'POST', headers: { authorization: `Bearer ${token}` } }))
        .status;
    const email = `imported-${region}@acme.test`;
    const { userId } = await users.create(tenantId, {
      email,
      password: PASSWORD,
      state: 'active',
      emailVerified: false,
    });
    const writer = await env_.clientToken(tenantId, slug, ['users:write']);
    const reader = await env_.clientToken(tenantId, slug, ['users:read']);
    const otherId = await env_.stack.createTenant(`erv-b-${region}`, region);
    const stranger = await users.create(otherId, {
      email: `stranger-${region}@acme.test`,
      password: PASSWORD,
      state: 'active',
      emailVerified: false,
    });

    expect(await ask(reader, tenantId, userId)).toBe(403);
    expect(await ask(writer, otherId, stranger.userId)).toBe(404);
    expect(await ask(writer, tenantId, stranger.userId)).toBe(404);
    expect(await ask(writer, tenantId, 'nobody')).toBe(404);
    expect(await ask(writer, tenantId, userId)).toBe(204);
    expect((await fetchPage(linkIn(await mailTo(mailbox, email, KIND)))).status).toBe(200);
    expect(await idTokenOf(email)).toMatchObject({ email_verified: true });
    expect(await ask(writer, tenantId, userId)).toBe(409);
  });

  it('needs the user’s own token of this tenant', async () => {
    expect((await askForCode(undefined)).status).toBe(401);
    expect((await verify('not-a-jwt', '123456')).status).toBe(401);
    const m2m = await env_.clientToken(tenantId, slug, ['users:write']);
    expect((await askForCode(m2m)).status).toBe(401);
  });
});
