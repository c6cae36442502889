import pino from 'pino';
import type { EmailRecord, EmailRecords } from './email-records';
import { EmailSender, retryDelayMs, withoutAddresses } from './email-sender';
import { SendError, isPermanent, type Mailer } from './smtp-mailer';

function oneEmail(outcome: 'ok' | Error) {
  const email = { _id: 'e:welcome', attempts: 1, leaseOwner: 'x', to: 'a@b.c' } as EmailRecord;
  const calls: string[] = [];
  const records = {
    claim: async () => (calls.includes('claim') ? undefined : (calls.push('claim'), email)),
    markSent: async () => void calls.push('sent'),
    retryLater: async () => void calls.push('retry'),
    markFailed: async () => void calls.push('failed'),
  } as unknown as EmailRecords;
  const mailer: Mailer = {
    send: async () => {
      if (outcome !== 'ok') throw outcome;
    },
    close: () => undefined,
  };
  const sender = new EmailSender({
    records,
    mailer,
    logger: pino({ level: 'silent' }),
    clock: () => new Date(),
  });
  return { sender, calls };
}

describe('email sender', () => {
  it('marks a relayed email sent', async () => {
    const { sender, calls } = oneEmail('ok');
    expect(await sender.sendOne()).toBe(true);
    expect(calls).toEqual(['claim', 'sent']);
    expect(await sender.sendOne()).toBe(false);
  });

  it('retries a transient failure later and records a permanent one as failed', async () => {
    const transient = oneEmail(new SendError('connection refused', false));
    await transient.sender.sendOne();
    expect(transient.calls).toEqual(['claim', 'retry']);
    const permanent = oneEmail(new SendError('550 no such user', true));
    await permanent.sender.sendOne();
    expect(permanent.calls).toEqual(['claim', 'failed']);
  });

  it('keeps addresses out of the reason it logs and stores', () => {
    expect(withoutAddresses('550 5.1.1 <ada.lovelace+x@example.com>: Recipient address rejected')).toBe(
      '550 5.1.1 <<address>>: Recipient address rejected',
    );
    expect(withoutAddresses('421 try again later')).toBe('421 try again later');
  });

  it('treats 5xx SMTP replies as permanent, 4xx and network errors as transient', () => {
    expect(isPermanent({ responseCode: 550 })).toBe(true);
    expect(isPermanent({ responseCode: 451 })).toBe(false);
    expect(isPermanent(new Error('ECONNREFUSED'))).toBe(false);
  });

  it('backs off exponentially with bounded jitter', () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(2000);
    expect(retryDelayMs(3, () => 0.5)).toBe(8000);
    expect(retryDelayMs(30, () => 1)).toBe(750_000);
    expect(retryDelayMs(2, () => 0)).toBe(3000);
  });
});
