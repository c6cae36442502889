import { randomUUID } from 'node:crypto';
import type { Logger } from '@idaas/telemetry';
import type { EmailRecord, EmailRecords } from './email-records';
import { SendError, type Mailer } from './smtp-mailer';

export interface EmailSenderOptions {
  records: EmailRecords;
  mailer: Mailer;
  logger: Logger;
  clock: () => Date;
  /** How long a claim protects an email from other senders; longer than one SMTP exchange. */
  leaseMs?: number;
  /** Transient failures are retried this many times, then the email is recorded as failed. */
  maxAttempts?: number;
  idleMs?: number;
}

/** 2 s, 4 s, 8 s ... capped at 10 minutes, with jitter so a relay coming back is not stampeded. */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const base = Math.min(600_000, 1000 * 2 ** Math.min(attempts, 20));
  return Math.round(base * (0.75 + random() * 0.5));
}

/**
 * Sends recorded emails: claim (a lease), send with the record's fixed Message-ID, mark sent.
 * The one window for a duplicate is a crash after the relay accepted the message and before
 * the mark: the lease runs out and the email is sent again, with the same Message-ID.
 */
export class EmailSender {
  private readonly owner = randomUUID();
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: EmailSenderOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** A new email was recorded: send it now rather than at the next poll. */
  kick(): void {
    this.wake?.();
  }

  /** Finishes the email in hand (so it is not left leased), then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Sends one due email if there is one; returns whether there was. */
  async sendOne(): Promise<boolean> {
    const { records, clock, leaseMs = 60_000 } = this.options;
    const email = await records.claim(this.owner, clock(), leaseMs);
    if (!email) return false;
    try {
      await this.options.mailer.send({
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        messageId: email.messageId,
      });
    } catch (e) {
      await this.failed(email, e);
      return true;
    }
    await records.markSent(email, clock());
    this.options.logger.info(
      { emailId: email._id, kind: email.kind, tenantId: email.tenantId },
      'email sent',
    );
    return true;
  }

  private async failed(email: EmailRecord, e: unknown): Promise<void> {
    const { records, logger, clock, maxAttempts = 12 } = this.options;
    // SMTP replies often echo the recipient: keep addresses out of logs and of the stored reason.
    const reason = withoutAddresses(e instanceof Error ? e.message : String(e));
    const permanent = e instanceof SendError && e.permanent;
    if (permanent || email.attempts >= maxAttempts) {
      logger.warn(
        { emailId: email._id, attempts: email.attempts, reason, permanent },
        'email failed for good',
      );
      await records.markFailed(email, reason);
      return;
    }
    const at = new Date(clock().getTime() + retryDelayMs(email.attempts));
    logger.warn(
      { emailId: email._id, attempts: email.attempts, reason, retryAt: at },
      'email send failed; will retry',
    );
    await records.retryLater(email, reason, at);
  }

  private async run(): Promise<void> {
    const idleMs = this.options.idleMs ?? 500;
    while (this.running) {
      let busy = false;
      try {
        busy = await this.sendOne();
      } catch (e) {
        this.options.logger.warn({ err: e }, 'email sender round failed; retrying');
      }
      if (busy && this.running) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, idleMs);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}

/** Replaces anything shaped like an email address, so a relay's reply never puts one in a log. */
export function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, '<address>');
}
