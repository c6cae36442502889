import { randomBytes } from 'node:crypto';
import { sealMessageValues } from '@idaas/crypto';
import { MessageRequestedV1, type CloudEvent } from '@idaas/events';
import type { User } from '@idaas/identity';
import { platformDefaultTemplate } from '@idaas/messages';
import pino from 'pino';
import type { EmailRecord, EmailRecords } from './email-records';
import { recordRequestedMessage, type MessageRequestDeps } from './message-requests';

const key = randomBytes(32);
const user = {
  userId: 'u1',
  tenantId: 't1',
  email: 'ada@example.com',
  profile: { name: 'Ada' },
  state: 'pending_verification',
} as unknown as User;

function harness(sealingKey = key) {
  const created: Pick<EmailRecord, '_id' | 'to' | 'text' | 'kind' | 'secretBody'>[] = [];
  const deps: MessageRequestDeps = {
    records: {
      create: async (r: EmailRecord) => {
        if (created.some((c) => c._id === r._id)) return false;
        created.push(r);
        return true;
      },
    } as unknown as EmailRecords,
    findUser: async (_t, id) => (id === user.userId ? user : undefined),
    tenantLook: () => ({
      displayName: 'acme',
      branding: { defaultLocale: 'en' } as never,
      templateFor: (kind) => ({ template: platformDefaultTemplate(kind), locale: 'en', source: 'platform' }),
    }),
    from: 'IDaaS <no-reply@mail.idaas.example>',
    logger: pino({ level: 'silent' }),
    clock: () => new Date('2030-01-01T12:00:00Z'),
    recorded: () => undefined,
    sealingKey,
  };
  return { deps, created };
}

/** A request as the registration service writes it: values sealed with the event's own id. */
function request(kind: string, values: Record<string, string>, userId = 'u1'): CloudEvent {
  const event = MessageRequestedV1.create(
    userId,
    { userId, kind, sealedValues: {} },
    { source: '/test', tenantId: 't1', region: 'eu' },
  );
  return { ...event, data: { ...event.data, sealedValues: sealMessageValues(values, key, event.id) } };
}

const verification = {
  link: 'https://id.example/t/acme/verify?token=abc',
  code: '123456',
  expiresInMinutes: '15',
};

describe('message requests to email', () => {
  it('mails the user of the directory the unsealed code and link, once per request', async () => {
    const h = harness();
    const event = request('verification', verification);
    expect(await recordRequestedMessage(event, h.deps)).toBe(true);
    expect(await recordRequestedMessage(event, h.deps)).toBe(false);
    expect(h.created).toHaveLength(1);
    // Its body is erased once sent: it holds the clear code.
    expect(h.created[0]).toMatchObject({ to: 'ada@example.com', kind: 'verification', secretBody: true });
    expect(h.created[0]!.text).toContain('123456');
  });

  it('refuses a request sealed under another key, so the bus retries and dead-letters it', async () => {
    const h = harness(randomBytes(32));
    await expect(recordRequestedMessage(request('verification', verification), h.deps)).rejects.toThrow();
    expect(h.created).toHaveLength(0);
  });

  it('sends nothing for an unknown kind or an unknown user', async () => {
    const h = harness();
    expect(await recordRequestedMessage(request('no_such_kind', {}), h.deps)).toBe(false);
    expect(await recordRequestedMessage(request('signup_existing', {}, 'someone-else'), h.deps)).toBe(false);
    expect(h.created).toHaveLength(0);
  });
});
