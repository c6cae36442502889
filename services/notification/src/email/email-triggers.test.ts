import {
  UserCredentialsRevokedV1,
  UserLockedV1,
  UserMfaChangedV1,
  UserRegisteredV1,
  UserStateChangedV1,
  UserUnlockedV1,
  type CloudEvent,
} from '@idaas/events';
import type { User } from '@idaas/identity';
import { platformDefaultTemplate, validateTemplate, type MessageKind } from '@idaas/messages';
import pino from 'pino';
import { recordEmailsFor, type EmailDeliveryDeps } from './email-delivery';
import type { EmailRecord, EmailRecords } from './email-records';
import { formatUtc, triggersOf } from './email-triggers';
import { messageIdFor } from './smtp-mailer';

const origin = { source: '/test', tenantId: 't1', region: 'eu' };
const user: User = {
  userId: 'u1',
  tenantId: 't1',
  email: 'ada@example.com',
  emailNormalized: 'ada@example.com',
  emailVerified: true,
  profile: { name: 'Ada <b>L</b>', locale: 'de-CH' },
  state: 'locked',
  failedAttempts: 5,
  lockedUntil: new Date('2030-01-01T12:15:00Z'),
  createdAt: new Date(),
  updatedAt: new Date(),
  version: 3,
};

function harness() {
  const created: Omit<EmailRecord, 'status' | 'attempts' | 'nextAttemptAt'>[] = [];
  const asked: { kind: MessageKind; locale: string }[] = [];
  let woken = 0;
  const deps: EmailDeliveryDeps = {
    records: {
      create: async (r: (typeof created)[number]) => {
        if (created.some((c) => c._id === r._id)) return false;
        created.push(r);
        return true;
      },
    } as unknown as EmailRecords,
    findUser: async (_t, id) => (id === user.userId ? user : undefined),
    tenantLook: () => ({
      displayName: 'acme',
      branding: {
        productName: 'Acme & Co',
        supportEmail: 'help@acme.example',
        defaultLocale: 'en',
      } as never,
      templateFor: (kind, locale) => {
        asked.push({ kind, locale });
        return { template: platformDefaultTemplate(kind), locale: 'en', source: 'platform' };
      },
    }),
    from: 'IDaaS <no-reply@mail.idaas.example>',
    logger: pino({ level: 'silent' }),
    clock: () => new Date('2030-01-01T12:00:00Z'),
    recorded: () => {
      woken += 1;
    },
  };
  return { deps, created, asked, woken: () => woken };
}

describe('event to email table', () => {
  it('mails account_locked for an automatic lock, with unlockAt from the event', async () => {
    const h = harness();
    const event = UserLockedV1.create(
      'u1',
      { userId: 'u1', from: 'active', lockedUntil: '2031-02-03T04:05:06Z' },
      origin,
    );
    expect(await recordEmailsFor(event, h.deps)).toBe(1);
    const [email] = h.created;
    expect(email).toMatchObject({
      _id: `${event.id}:account_locked`,
      kind: 'account_locked',
      to: 'ada@example.com',
      messageId: `<${event.id}.account_locked@mail.idaas.example>`,
    });
    expect(email!.text).toContain('2031-02-03 04:05 UTC');
    // The user's locale is asked for; the HTML part escapes the user's own values.
    expect(h.asked).toEqual([{ kind: 'account_locked', locale: 'de-CH' }]);
    expect(email!.html).not.toContain('<b>L</b>');
    expect(h.woken()).toBe(1);
  });

  it('takes unlockAt from the user record when the event has none, and skips a lock without an end', async () => {
    const h = harness();
    await recordEmailsFor(UserLockedV1.create('u1', { userId: 'u1', from: 'active' }, origin), h.deps);
    expect(h.created[0]!.text).toContain(formatUtc(user.lockedUntil!));

    const adminLocked = harness();
    adminLocked.deps.findUser = async () => ({ ...user, lockedUntil: undefined });
    expect(
      await recordEmailsFor(
        UserLockedV1.create('u1', { userId: 'u1', from: 'active' }, origin),
        adminLocked.deps,
      ),
    ).toBe(0);
  });

  it('records an event once however often it is delivered', async () => {
    const h = harness();
    const event = UserLockedV1.create('u1', { userId: 'u1', from: 'active' }, origin);
    await recordEmailsFor(event, h.deps);
    expect(await recordEmailsFor(event, h.deps)).toBe(0);
    expect(h.created).toHaveLength(1);
  });

  it('welcomes active registrations and activations, not pending ones', async () => {
    const h = harness();
    const reg = (status: 'active' | 'pending_verification') =>
      UserRegisteredV1.create('u1', { userId: 'u1', status, via: 'self_signup' }, origin);
    expect(await recordEmailsFor(reg('pending_verification'), h.deps)).toBe(0);
    expect(await recordEmailsFor(reg('active'), h.deps)).toBe(1);
    const verified = UserStateChangedV1.create(
      'u1',
      { userId: 'u1', transition: 'verifyEmail', from: 'pending_verification', to: 'active' },
      origin,
    );
    expect(await recordEmailsFor(verified, h.deps)).toBe(1);
    expect(h.created.map((c) => c.kind)).toEqual(['welcome', 'welcome']);
  });

  it('tells the user their password changed once per new password, not again for the reset it completed', async () => {
    const h = harness();
    const reset = UserStateChangedV1.create(
      'u1',
      { userId: 'u1', transition: 'completePasswordReset', from: 'password_reset_required', to: 'active' },
      origin,
    );
    const revoked = UserCredentialsRevokedV1.create(
      'u1',
      { userId: 'u1', reason: 'password_recovered' },
      origin,
    );
    expect(await recordEmailsFor(reset, h.deps)).toBe(0);
    await recordEmailsFor(revoked, h.deps);
    expect(h.created.map((c) => c.kind)).toEqual(['password_changed']);
  });

  describe('second-factor changes', () => {
    const mfaChanged = (data: Omit<Parameters<typeof UserMfaChangedV1.create>[1], 'userId'>) =>
      UserMfaChangedV1.create(
        'u1',
        { userId: 'u1', ...data },
        { ...origin, now: new Date('2030-05-06T07:08:09Z') },
      );

    it('says in words what the user changed and when, and tells them what to do if it was not them', async () => {
      const h = harness();
      const event = mfaChanged({ method: 'totp', change: 'enrolled', actor: 'user' });
      expect(await recordEmailsFor(event, h.deps)).toBe(1);
      const [email] = h.created;
      expect(email).toMatchObject({ _id: `${event.id}:mfa_changed`, kind: 'mfa_changed', to: user.email });
      expect(email!.subject).toBe('Two-step verification changed on your Acme & Co account');
      expect(email!.text).toContain('An authenticator app was added.');
      expect(email!.text).toContain('at 2030-05-06 07:08 UTC');
      expect(email!.text).toContain('If it was not you');
      expect(email!.text).not.toContain('administrator');
    });

    it('says when an administrator made the change, and treats an event without actor as the user', async () => {
      const h = harness();
      await recordEmailsFor(mfaChanged({ method: 'webauthn', change: 'removed', actor: 'admin' }), h.deps);
      await recordEmailsFor(mfaChanged({ method: 'recovery_code', change: 'regenerated' }), h.deps);
      const [removed, regenerated] = h.created;
      expect(removed!.text).toContain(
        'A passkey or security key was removed by an administrator of Acme & Co.',
      );
      expect(removed!.html).toContain('by an administrator of Acme &amp; Co.');
      expect(removed!.text).toContain('If you did not ask for this');
      expect(regenerated!.text).toContain(
        'New recovery codes were created, and the old ones no longer work.',
      );
      expect(regenerated!.text).not.toContain('administrator');
    });

    it('sends nothing for recovery codes that went along with the last second factor', async () => {
      const h = harness();
      const removed = mfaChanged({ method: 'recovery_code', change: 'removed', actor: 'admin' });
      expect(await recordEmailsFor(removed, h.deps)).toBe(0);
      expect(h.created).toEqual([]);
    });

    it('gives a template in another language the flags to say it without the English sentence', async () => {
      const h = harness();
      const german = {
        subject: 'Zwei-Faktor-Anmeldung geändert',
        html: '<p>{{time}}</p>',
        text:
          '{{#if passkey}}Ein Passkey{{/if}}{{#if authenticatorApp}}Eine Authenticator-App{{/if}} wurde ' +
          '{{#if added}}hinzugefügt{{/if}}{{#if removed}}entfernt{{/if}}' +
          '{{#if byAdmin}} (von einem Administrator){{/if}}, {{time}}.',
      };
      expect(validateTemplate('mfa_changed', german)).toEqual([]);
      const look = h.deps.tenantLook('t1')!;
      h.deps.tenantLook = () => ({
        ...look,
        templateFor: () => ({ template: german, locale: 'de', source: 'tenant' }),
      });
      await recordEmailsFor(mfaChanged({ method: 'totp', change: 'removed', actor: 'admin' }), h.deps);
      expect(h.created[0]!.text).toBe(
        'Eine Authenticator-App wurde entfernt (von einem Administrator), 2030-05-06 07:08 UTC.',
      );
    });
  });

  it('sends nothing for events without a row, or for unknown users', async () => {
    const h = harness();
    expect(triggersOf(UserUnlockedV1.type)).toEqual([]);
    expect(
      await recordEmailsFor(UserUnlockedV1.create('u1', { userId: 'u1', via: 'admin' }, origin), h.deps),
    ).toBe(0);
    const stranger: CloudEvent = UserLockedV1.create('u9', { userId: 'u9', from: 'active' }, origin);
    expect(await recordEmailsFor(stranger, h.deps)).toBe(0);
    expect(h.created).toEqual([]);
  });

  it('derives the Message-ID from the event id and the sender domain', () => {
    expect(messageIdFor('e1', 'welcome', 'no-reply@a.example')).toBe('<e1.welcome@a.example>');
    expect(messageIdFor('e1', 'welcome', 'A <no-reply@b.example>')).toBe('<e1.welcome@b.example>');
  });
});
