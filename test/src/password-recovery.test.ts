import { MongoClient } from 'mongodb';
import { startMailbox, type ReceivedMessage, type RunningMailbox } from '@idaas/infra-local';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { introspect, refresh, relyingParty, signIn, type RelyingParty } from './support/code-flow';
import { signInThroughPages } from './support/hosted-login';
import { fetchPage, postForm, readForm } from './support/hosted-pages';
import { startLifecycleStack } from './support/lifecycle';
import { mailOf, mailTo, startMailingNotification, type RunningNotification } from './support/mailbox';
import { uniqueRegion } from './support/names';
import { recordUserTopic } from './support/user-topic';
import { eventually } from './support/wait';

const SEALING_KEY = Buffer.from('suite-message-sealing-key-32byte').toString('base64');
const OLD_PASSWORD = 'the old and forgotten passphrase';
const NEW_PASSWORD = 'a brand new and uncommon passphrase';

/** The link and the code of a recovery email, from its text part as a person would read them. */
function recoveryIn(mail: ReceivedMessage): { link: string; code: string } {
  const link = /(https?:\/\/\S+\/recovery\/complete\?token=[A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
  if (!link || !code) throw new Error(`no link or code in:\n${mail.text}`);
  return { link, code };
}

describe('password recovery: email, link or code, new password, old sessions and refresh tokens end', () => {
  const region = uniqueRegion('rc');
  const database = `recov_${region}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let env_: Awaited<ReturnType<typeof startLifecycleStack>>;
  let notification: RunningNotification;
  let mailbox: RunningMailbox;
  let topic: Awaited<ReturnType<typeof recordUserTopic>>;
  let users: MongoUserDirectory;
  let rp: RelyingParty;
  let tenantId: string;
  const slug = `acme-${region}`;
  let seq = 0;

  const api = (path: string, body: unknown) => env_.call(undefined, `/t/${slug}/api${path}`, 'POST', body);
  const newUser = async (state: 'active' = 'active') => {
    const email = `user${++seq}@acme.test`;
    const user = await users.create(tenantId, { email, password: OLD_PASSWORD, state, emailVerified: true });
    return { email, userId: user.userId };
  };
  /** The per-address limit starts over, as if a minute had passed. */
  const limitPasses = () =>
    mongo
      .db(`idaas_${region}_lifecycle`)
      .collection('recovery_requests')
      .updateMany({}, { $set: { lastAt: new Date(0) } });

  beforeAll(async () => {
    await mongo.connect();
    env_ = await startLifecycleStack(region, database, { MESSAGE_SEALING_KEY: SEALING_KEY });
    mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
    notification = await startMailingNotification(region, database, mailbox, {
      MESSAGE_SEALING_KEY: SEALING_KEY,
    });
    topic = await recordUserTopic(region, `${database}.`);
    users = new MongoUserDirectory(mongo.db(identityDatabaseName(region)), {
      region,
      source: `/idaas/${region}/test`,
    });
    tenantId = await env_.stack.createTenant(slug, region);
    await eventually(async () => (await fetch(`${env_.lifecycle.url}/t/${slug}/recovery`)).status === 200, {
      what: 'the tenant in the lifecycle replica',
    });
    rp = await relyingParty(env_.stack, region, slug, tenantId);
  });

  afterAll(async () => {
    await topic?.close();
    await notification?.close();
    await mailbox?.close();
    await env_?.close();
    await mongo.close();
  });

  it('forgot password through the hosted pages: the email arrives, the link sets a new password, old refresh tokens are rejected', async () => {
    const { email, userId } = await newUser();
    const before = await signIn(rp, { email, password: OLD_PASSWORD });
    expect(before.tokens.refresh_token).toBeTruthy();

    const form = await fetchPage(`${env_.lifecycle.url}/t/${slug}/recovery`);
    expect(form.status).toBe(200);
    const sent = await postForm(new URL(readForm(form.text).action, env_.lifecycle.url).href, { email });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('If the address has an account');

    const { link } = recoveryIn(await mailTo(mailbox, email, 'recovery'));
    const choose = await fetchPage(link);
    expect(choose.status).toBe(200);
    const setForm = readForm(choose.text);
    const done = await postForm(new URL(setForm.action, link).href, {
      ...setForm.hidden,
      password: NEW_PASSWORD,
    });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Your password is changed');

    // The authentication service hears of it through the broker: first the SSO session of the old
    // password ends (a silent authorization finds no one), then its tokens are revoked. Both are
    // awaited without using the refresh token, whose reuse would revoke it by itself.
    await eventually(
      async () => {
        const silent = await fetchPage(`${(await authorizeUrl()).url}&prompt=none`, {
          headers: { cookie: before.sessionCookie },
        });
        return new URL(silent.location!).searchParams.get('error') === 'login_required';
      },
      { what: 'the old SSO session ended' },
    );
    await eventually(async () => !(await introspect(rp, before.tokens.access_token)).active, {
      what: 'the old access token revoked',
    });
    expect(await refresh(rp, before.tokens.refresh_token!)).toEqual({
      status: 400,
      body: expect.objectContaining({ error: 'invalid_grant' }),
    });
    await mailTo(mailbox, email, 'password_changed');

    // The link is single-use; the old password is gone and the new one signs in.
    expect((await fetchPage(link)).status).toBe(400);
    const { url } = await authorizeUrl();
    const refused = await signInThroughPages(url, { email, password: OLD_PASSWORD });
    // The login form again (400), no session, no code.
    expect(refused.response.status).toBe(400);
    expect(refused.sessionCookie).toBeUndefined();
    const after = await signIn(rp, { email, password: NEW_PASSWORD });
    expect(after.tokens.access_token).toBeTruthy();
    expect(topic.of(userId).map((e) => e.type)).toContain('idaas.user.credentials_revoked.v1');
  });

  /** An authorization URL of the application, for a sign-in expected to fail. */
  async function authorizeUrl() {
    const { buildAuthorizationUrl } = await import('openid-client');
    return {
      url: buildAuthorizationUrl(rp.config, {
        redirect_uri: 'https://portal.example/callback',
        scope: 'openid',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
        state: 'x',
      }).href,
    };
  }

  it('answers the same for an unknown address, sends nothing to it, and limits requests per address (429)', async () => {
    const { email } = await newUser();
    const known = await api('/recovery', { email });
    const unknown = await api('/recovery', { email: `nobody-${region}@acme.test` });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    for (const address of [email, `nobody-${region}@acme.test`]) {
      const again = await api('/recovery', { email: address.toUpperCase() });
      expect(again.status).toBe(429);
      expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    await mailTo(mailbox, email, 'recovery');
    expect(await mailOf(mailbox, `nobody-${region}@acme.test`, 'recovery')).toEqual([]);
    expect((await api('/recovery', { email: 'not an email' })).body.errors).toEqual([
      expect.objectContaining({ field: 'body.email' }),
    ]);
  });

  it('unlocks a locked user who completes recovery with the emailed code (JSON API)', async () => {
    const { email, userId } = await newUser();
    await users.transition(tenantId, userId, 'lock');
    expect((await api('/recovery', { email })).status).toBe(202);
    const { code } = recoveryIn(await mailTo(mailbox, email, 'recovery'));
    const wrong = await api('/recovery/complete', {
      email,
      code: code === '000000' ? '111111' : '000000',
      password: NEW_PASSWORD,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'body.code' })]);
    const done = await api('/recovery/complete', { email, code, password: NEW_PASSWORD });
    expect(done.status).toBe(200);
    expect((await users.findById(tenantId, userId))!.state).toBe('active');
    const events = await eventually(
      async () =>
        topic.of(userId).some((e) => e.type === 'idaas.user.credentials_revoked.v1') && topic.of(userId),
      { what: 'the recovery events' },
    );
    expect(events.map((e) => e.type)).toContain('idaas.user.state_changed.v1');
    expect(events.find((e) => e.type === 'idaas.user.state_changed.v1')!.data).toMatchObject({
      transition: 'completePasswordReset',
      from: 'locked',
      to: 'active',
    });
    await signIn(rp, { email, password: NEW_PASSWORD });
  });

  it('refuses a password the policy refuses without spending the link, and wrong or missing proofs, naming the field', async () => {
    await limitPasses();
    const { email } = await newUser();
    expect((await api('/recovery', { email })).status).toBe(202);
    const { link } = recoveryIn(await mailTo(mailbox, email, 'recovery'));
    const token = new URL(link).searchParams.get('token')!;
    const short = await api('/recovery/complete', { token, password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.errors).toEqual([expect.objectContaining({ field: 'body.password' })]);
    const common = await api('/recovery/complete', { token, password: 'password1234' });
    expect(common.body.errors).toEqual([
      { field: 'body.password', message: expect.stringContaining('common') },
    ]);
    const bogus = await api('/recovery/complete', { token: 'not-the-token', password: NEW_PASSWORD });
    expect(bogus.body.errors).toEqual([expect.objectContaining({ field: 'body.token' })]);
    const none = await api('/recovery/complete', { password: NEW_PASSWORD });
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([expect.objectContaining({ field: 'body.token' })]);
    expect((await api('/recovery/complete', { token, password: NEW_PASSWORD })).status).toBe(200);
    expect((await api('/recovery/complete', { token, password: NEW_PASSWORD })).status).toBe(400);
  });

  it('answers 404 for a tenant that is not here', async () => {
    expect((await api('/recovery', { email: 'a@acme.test' })).status).toBe(202);
    const other = await env_.call(undefined, `/t/no-such-${region}/api/recovery`, 'POST', {
      email: 'a@acme.test',
    });
    expect(other.status).toBe(404);
  });
});
