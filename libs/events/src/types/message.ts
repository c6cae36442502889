import { z } from 'zod';
import { defineEvent } from '../catalog';
import { sealedSecretSchema } from './webhook';

/**
 * A service asks the region's notification service to send a user a message. The secret values
 * (one-time code, link with its token) are sealed with MESSAGE_SEALING_KEY, bound to the event id,
 * so neither the broker nor a log of the event can use them. Internal: on the notify stream, which
 * webhooks never read.
 */
export const MessageRequestedV1 = defineEvent({
  type: 'idaas.message.requested.v1',
  stream: 'notify',
  description:
    'Internal: send a user a message of a kind (verification, invitation, ...) with sealed values. Never delivered to webhooks.',
  data: z.object({
    userId: z.string().min(1),
    kind: z.string().min(1).max(64),
    locale: z.string().max(35).optional(),
    /** Variable name -> sealed value; open with `unseal(value, key, eventId)`. */
    sealedValues: z.record(z.string(), sealedSecretSchema),
  }),
});
