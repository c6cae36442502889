import { z } from 'zod';
import { defineEvent } from '../catalog';

/** How the user first proved who they are; the second factor, if any, is in `amr`. */
export const signInMethod = z.enum(['password', 'passkey']);
export type SignInMethod = z.output<typeof signInMethod>;

/**
 * A sign-in completed: every factor is behind and a session started. Unlike v1 (password proven,
 * perhaps before a second factor that then fails), this is the sign-in the tokens come from, for
 * every method. v1 goes on beside it for password sign-ins: widening its `method` would break
 * consumers that validate it.
 *
 * `amr` is a list of strings, not an enum, so a new method needs no v3: consumers must accept
 * values they do not know.
 */
export const UserSignInSucceededV2 = defineEvent({
  type: 'idaas.user.signin.succeeded.v2',
  stream: 'user',
  description:
    'A user completed a sign-in (every factor, a session started), with the method and the authentication methods (RFC 8176 amr) it used.',
  data: z.object({
    userId: z.string().min(1),
    method: signInMethod,
    /** RFC 8176 values the session got, e.g. `["pwd","otp","mfa"]`; `rc` and `rd` are this platform's. */
    amr: z.array(z.string().min(1).max(32)).min(1).max(10),
    /** The user may only go on to set a new password (an admin forced a reset meanwhile). */
    passwordResetRequired: z.boolean(),
  }),
});
