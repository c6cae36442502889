import { z } from 'zod';
import { defineEvent } from '../catalog';

/**
 * User events carry ids and states, never personal data: integrators fetch the profile through
 * SCIM with their own credentials, so an event stream leak exposes no one.
 */
export const UserRegisteredV1 = defineEvent({
  type: 'idaas.user.registered.v1',
  stream: 'user',
  description: "A user signed up or was created by an admin, in the tenant's home region.",
  data: z.object({
    userId: z.string().min(1),
    status: z.enum(['pending_verification', 'pending_invite', 'active']),
    via: z.enum(['self_signup', 'admin', 'scim', 'import']),
  }),
});
