import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
}

/** Why a send failed, as the sender needs it: retry later, or never. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/**
 * RFC 5321 section 4.2.1: a 5yz reply is a permanent negative completion; sending the same
 * message again will fail again. 4yz replies and connection errors are transient.
 */
export function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** Hands emails to the configured SMTP relay through nodemailer. */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send(email) {
      try {
        await transport.sendMail({ from, ...email });
      } catch (e) {
        throw new SendError(e instanceof Error ? e.message : String(e), isPermanent(e));
      }
    },
    close: () => transport.close(),
  };
}

/**
 * `<eventId.kind@domain>`: the same event's email always carries the same Message-ID, so a
 * resend after a crash is recognisable as the same message (by people, clients and tests).
 */
export function messageIdFor(eventId: string, kind: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'idaas.local';
  return `<${eventId}.${kind}@${domain}>`;
}
