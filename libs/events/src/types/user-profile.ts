import { z } from 'zod';
import { defineEvent } from '../catalog';

/**
 * A user's email or profile changed (SCIM replace / PATCH, `PATCH /me`), or the address was proven
 * after the fact (`emailVerified`). Like every user event it names what changed, never the values:
 * integrators read them through SCIM.
 */
export const UserProfileChangedV1 = defineEvent({
  type: 'idaas.user.profile_changed.v1',
  stream: 'user',
  description:
    "A user's email or profile attributes changed, or the email address was verified after the fact (emailVerified); names the fields, not their values.",
  data: z.object({
    userId: z.string().min(1),
    changed: z.array(z.enum(['email', 'profile', 'emailVerified'])).min(1),
  }),
});
