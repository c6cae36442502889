import { z } from 'zod';
import { setting } from './setting';

/**
 * Settings the management plane (which seals webhook signing secrets) and every region's
 * notification service (which unseals them to sign deliveries) must agree on.
 */
export const webhookSettings = {
  webhookSecretKey: setting({
    env: 'WEBHOOK_SECRET_KEY',
    title: 'Webhook secret key',
    description:
      'base64 of 32 random bytes; seals webhook signing secrets in the database and in config events. The same value on the management plane and every notification service.',
    schema: z
      .string()
      .refine((s) => Buffer.from(s, 'base64').length === 32, 'must be 32 bytes, base64-encoded'),
    default: 'bG9jYWwtZGV2ZWxvcG1lbnQtd2ViaG9vay1zZWNyZXQ=',
    insecureDefault: true,
    recommendation: 'set 32 random bytes: openssl rand -base64 32',
  }),
};
