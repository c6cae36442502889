import { z } from 'zod';
import { defineEvent } from '../catalog';

/**
 * An admin changed a user's email or profile (SCIM replace / PATCH). Like every user event it
 * names what changed, never the values: integrators read them through SCIM.
 */
export const UserProfileChangedV1 = defineEvent({
  type: 'idaas.user.profile_changed.v1',
  stream: 'user',
  description:
    "A user's email or profile attributes were changed by an admin; names the fields, not their values.",
  data: z.object({
    userId: z.string().min(1),
    changed: z.array(z.enum(['email', 'profile'])).min(1),
  }),
});
