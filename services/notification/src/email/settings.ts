import { z } from 'zod';
import { setting } from '@idaas/config';

/** Where email leaves the platform: any SMTP relay (the local mailbox on a laptop). */
export const emailSettings = {
  smtpUrl: setting({
    env: 'SMTP_URL',
    title: 'SMTP relay',
    description:
      'smtp://[user:pass@]host:port (STARTTLS when offered) or smtps://host:465 (TLS from the start); the relay every email of this region is handed to',
    schema: z.string().regex(/^smtps?:\/\/[^/]+/, 'must look like smtp://host:port or smtps://host:port'),
    default: 'smtp://127.0.0.1:2525',
    insecureDefault: true,
    recommendation: "set your provider's relay, e.g. smtps://user:password@smtp.example.com:465",
  }),
  smtpFrom: setting({
    env: 'SMTP_FROM',
    title: 'Sender address',
    description:
      'From header of every email, e.g. "Acme ID <no-reply@id.acme.example>"; its domain also names the Message-IDs',
    schema: z.string().regex(/@[A-Za-z0-9.-]+>?\s*$/, 'must end with an address, e.g. "Name <a@b.example>"'),
    default: 'IDaaS <no-reply@idaas.local>',
  }),
};
