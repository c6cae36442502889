import { z } from 'zod';
import { setting } from './setting';

/**
 * Settings the registration service (which seals one-time codes and links into message requests)
 * and the notification service of the same region (which unseals them to write the email) must
 * agree on. Codes never travel in clear through the broker (ARCHITECTURE.md: never in an event).
 */
export const messageSealingSettings = {
  messageSealingKey: setting({
    env: 'MESSAGE_SEALING_KEY',
    title: 'Message sealing key',
    description:
      "base64 of 32 random bytes; seals the codes and links of message requests on the region's notify topic. The same value on every registration and notification service of a region.",
    schema: z
      .string()
      .refine((s) => Buffer.from(s, 'base64').length === 32, 'must be 32 bytes, base64-encoded'),
    default: 'bG9jYWwtZGV2ZWxvcG1lbnQtbWVzc2FnZS1zZWFsaW4=',
    insecureDefault: true,
    recommendation: 'set 32 random bytes: openssl rand -base64 32',
  }),
};
