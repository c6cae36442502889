import { z } from 'zod';

/** Body parameters of client authentication, accepted by every endpoint that authenticates clients. */
export const clientAuthParams = {
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  client_assertion: z.string().max(8000).optional(),
  client_assertion_type: z.string().max(200).optional(),
};
