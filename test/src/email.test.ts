import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { main as startNotification } from '@idaas/notification-service';
import { connectEventBackbone, envelope, Topics, type EventBackbone } from '@idaas/events';
import { startMailbox, type ReceivedMessage, type RunningMailbox } from '@idaas/infra-local';
import { ensureIndexes } from '@idaas/store';
import { identityDatabaseName, MongoUserDirectory, USERS, userStoreIndexes } from '@idaas/user-store';
import { env, uniqueRegion } from './support/names';
import { startStack, WEBHOOK_SECRET_KEY } from './support/stack';
import { eventually } from './support/wait';

const PASSWORD = 'correct horse battery staple';
const lockout = { maxAttempts: 3, durationSeconds: 900 };

const GERMAN_LOCKED = {
  subject: 'Ihr Konto bei {{tenant.name}} ist gesperrt',
  html: '<p>Hallo {{user.name}}, Ihr Konto ist bis {{unlockAt}} gesperrt.</p>',
  text: 'Hallo {{user.name}}, Ihr Konto ist bis {{unlockAt}} gesperrt.',
};

describe('email notifications', () => {
  const eu = uniqueRegion('em');
  const database = `mgmt_${eu}`;
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stack: Awaited<ReturnType<typeof startStack>>;
  let mailbox: RunningMailbox;
  let notification: Awaited<ReturnType<typeof startNotification>> | undefined;
  let child: ChildProcess | undefined;
  // Nothing in the region relays the identity database's outbox yet; this stands in for it.
  let identityRelay: EventBackbone;
  let users: MongoUserDirectory;
  let germanTenant: string;
  let plainTenant: string;

  const serviceEnv = () =>
    env({
      REGION: eu,
      REGIONS: eu,
      KAFKA_TOPIC_PREFIX: `${database}.`,
      WEBHOOK_SECRET_KEY,
      SMTP_URL: mailbox.smtpUrl,
      SMTP_FROM: 'Acme ID <no-reply@id.acme.example>',
    });
  const startNotificationService = () => startNotification({ env: serviceEnv() });

  const inbox = async (to: string) =>
    (await (
      await fetch(`${mailbox.httpUrl}/api/messages?to=${encodeURIComponent(to)}`)
    ).json()) as ReceivedMessage[];

  /** Messages of one kind to one address; the kind is in the Message-ID (`<event.kind@domain>`). */
  const mailOf = async (to: string, kind: string) =>
    (await inbox(to)).filter((m) => m.messageId.includes(`.${kind}@`));

  const mailTo = (to: string, kind = 'account_locked') =>
    eventually(async () => ((await mailOf(to, kind)).length > 0 ? mailOf(to, kind) : undefined), {
      what: `${kind} email to ${to}`,
    });

  /** Wrong passwords until the directory locks the user: writes idaas.user.locked.v1 to its outbox. */
  async function lockByWrongPasswords(tenantId: string, email: string) {
    for (let i = 0; i < lockout.maxAttempts; i++) {
      await users.verifyPassword(tenantId, email, `wrong-${i}`, lockout);
    }
    expect((await users.findByEmail(tenantId, email))?.state).toBe('locked');
  }

  const newUser = (tenantId: string, email: string, profile: { name?: string; locale?: string }) =>
    users.create(tenantId, { email, password: PASSWORD, state: 'active', emailVerified: true, profile });

  beforeAll(async () => {
    await mongo.connect();
    mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
    stack = await startStack([eu], database);
    germanTenant = await stack.createTenant(`mail-${eu}`, eu);
    plainTenant = await stack.createTenant(`plain-${eu}`, eu);
    const saved = await stack.admin(`/admin/tenants/${germanTenant}/branding`, 'PUT', {
      productName: 'Acme <ID>',
      supportEmail: 'help@acme.example',
      defaultLocale: 'en',
      supportedLocales: ['en', 'de'],
      version: 0,
    });
    expect(saved.status).toBe(200);
    const template = await stack.admin(
      `/admin/tenants/${germanTenant}/templates/account_locked/de`,
      'PUT',
      GERMAN_LOCKED,
    );
    expect(template.status).toBe(200);

    const identity = mongo.db(identityDatabaseName(eu));
    await ensureIndexes(identity, userStoreIndexes);
    users = new MongoUserDirectory(identity, { region: eu, source: `/idaas/${eu}/authentication` });
    identityRelay = await connectEventBackbone({
      brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
      clientId: `identity-relay-${eu}`,
      db: identity,
      logger: pino({ level: 'error' }),
      outboxCollections: [USERS],
      regions: [eu],
      topicPrefix: `${database}.`,
    });
    notification = await startNotificationService();
    // The notification region's replica must hold the German template before a lock is mailed.
    await eventually(
      async () =>
        (await mongo
          .db(`idaas_${eu}_notification`)
          .collection('replica_message_templates')
          .findOne({ _id: `${germanTenant}/account_locked/de` as never, status: 'active' })) ?? undefined,
      { what: 'the German template in the notification replica' },
    );
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await notification?.close();
    await identityRelay?.close();
    await stack?.close();
    await mailbox?.close();
    await mongo.close();
  });

  it("mails a locked user the tenant's German template, with a text and an escaped HTML part", async () => {
    const user = await newUser(germanTenant, 'greta@example.com', { name: 'Greta <b>G</b>', locale: 'de' });
    await lockByWrongPasswords(germanTenant, 'greta@example.com');
    const [mail] = await mailTo('greta@example.com');
    const lockedUntil = (await users.findById(germanTenant, user.userId))!.lockedUntil!;
    const unlockAt = `${lockedUntil.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    expect(mail!.subject).toBe('Ihr Konto bei Acme <ID> ist gesperrt');
    expect(mail!.from).toBe('no-reply@id.acme.example');
    expect(mail!.text).toContain(`Hallo Greta <b>G</b>, Ihr Konto ist bis ${unlockAt} gesperrt.`);
    expect(mail!.html).toContain('Hallo Greta &lt;b&gt;G&lt;/b&gt;');
    expect(mail!.html).not.toContain('<b>G</b>');
    expect(mail!.messageId).toMatch(/^<[0-9a-f-]+\.account_locked@id\.acme\.example>$/);
  });

  it('falls back to the platform default for a tenant without templates', async () => {
    await newUser(plainTenant, 'paul@example.com', { name: 'Paul', locale: 'de' });
    await lockByWrongPasswords(plainTenant, 'paul@example.com');
    const [mail] = await mailTo('paul@example.com');
    expect(mail!.subject).toBe(`Your plain-${eu} account is locked`);
    expect(mail!.text).toContain('your account is locked until');
    expect(mail!.html).toContain('<');
  });

  it('skips an event of an unknown type and still mails the next one', async () => {
    const producer = identityRelay.kafka.producer();
    await producer.connect();
    const alien = envelope(
      'idaas.user.teleported.v1',
      'u-alien',
      { userId: 'u-alien' },
      {
        source: '/test',
        tenantId: plainTenant,
        region: eu,
      },
    );
    await producer.send({
      topic: `${database}.${Topics.user(eu)}`,
      messages: [{ key: `user:u-alien`, value: JSON.stringify(alien) }],
    });
    await producer.disconnect();
    await newUser(plainTenant, 'nina@example.com', { name: 'Nina' });
    await lockByWrongPasswords(plainTenant, 'nina@example.com');
    expect(await mailTo('nina@example.com')).toHaveLength(1);
    // Creating an active user published idaas.user.registered.v1: a welcome, in the same stream.
    expect(await mailTo('nina@example.com', 'welcome')).toHaveLength(1);
  });

  it('sends each email once across a restart of the notification service', async () => {
    const addresses = ['r1@example.com', 'r2@example.com', 'r3@example.com', 'r4@example.com'];
    for (const a of addresses) await newUser(plainTenant, a, { name: a });
    await lockByWrongPasswords(plainTenant, addresses[0]!);
    await lockByWrongPasswords(plainTenant, addresses[1]!);
    await notification!.close();
    // Written while the service is down: consumed and sent after the restart.
    await lockByWrongPasswords(plainTenant, addresses[2]!);
    await lockByWrongPasswords(plainTenant, addresses[3]!);
    notification = await startNotificationService();
    for (const a of addresses) {
      await mailTo(a);
      await mailTo(a, 'welcome');
    }
    // Let any redelivery after the restart show itself before counting.
    await new Promise((r) => setTimeout(r, 3000));
    const all = (await (await fetch(`${mailbox.httpUrl}/api/messages`)).json()) as ReceivedMessage[];
    const ids = all.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of addresses) expect(await inbox(a)).toHaveLength(2);
  });

  it('sends each email once when the notification service is killed mid-delivery and restarted', async () => {
    // From here on only a child process sends, so it can be killed like a crashed one.
    await notification?.close();
    notification = undefined;
    const addresses = Array.from({ length: 8 }, (_, i) => `k${i}@example.com`);
    const start = () =>
      spawn(
        process.execPath,
        ['--import', 'tsx', path.resolve(__dirname, '../../services/notification/src/main.ts')],
        {
          env: { ...serviceEnv(), LOG_LEVEL: 'error' },
          stdio: 'ignore',
        },
      );
    child = start();
    for (const a of addresses) {
      await newUser(plainTenant, a, { name: a });
      await lockByWrongPasswords(plainTenant, a);
    }
    // Kill it as soon as the first of these emails went out: the rest are queued or in flight.
    await eventually(
      async () => (await Promise.all(addresses.map((a) => inbox(a)))).some((m) => m.length > 0),
      {
        what: 'a first email from the child process',
      },
    );
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    child = start();
    for (const a of addresses) {
      await eventually(async () => ((await mailOf(a, 'account_locked')).length > 0 ? true : undefined), {
        what: `the lock email to ${a} after the restart`,
        timeoutMs: 120000,
      });
      await eventually(async () => ((await mailOf(a, 'welcome')).length > 0 ? true : undefined), {
        what: `the welcome email to ${a} after the restart`,
        timeoutMs: 120000,
      });
    }
    // Let a redelivery after the restart show itself before counting.
    await new Promise((r) => setTimeout(r, 3000));
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    child = undefined;
    for (const a of addresses) {
      expect({
        to: a,
        locked: (await mailOf(a, 'account_locked')).length,
        welcome: (await mailOf(a, 'welcome')).length,
      }).toEqual({ to: a, locked: 1, welcome: 1 });
    }
  });
});
