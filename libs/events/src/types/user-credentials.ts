import { z } from 'zod';
import { defineEvent } from '../catalog';

/**
 * The user's password changed and what was signed in with the old one must end: the
 * authentication service ends the user's SSO sessions and revokes their refresh token families
 * (access tokens through the revocation list). A change by the user keeps the session they made
 * it from (`keepSessionId`); a recovery keeps none, since whoever knew the old password may hold them.
 */
export const UserCredentialsRevokedV1 = defineEvent({
  type: 'idaas.user.credentials_revoked.v1',
  stream: 'user',
  description: "A user's password was reset or changed: their sessions and refresh tokens end.",
  data: z.object({
    userId: z.string().min(1),
    reason: z.enum(['password_recovered', 'password_changed']),
    keepSessionId: z.string().min(1).optional(),
  }),
});
