import { z } from 'zod';
import { defineEvent } from '../catalog';

/** The second factors a user enrols themselves; an emailed code has nothing to enrol. */
export const mfaChangeMethod = z.enum(['totp', 'webauthn', 'recovery_code']);
export type MfaChangeMethod = z.output<typeof mfaChangeMethod>;

export const mfaChangeKind = z.enum(['enrolled', 'removed', 'regenerated']);
export type MfaChangeKind = z.output<typeof mfaChangeKind>;

/** Who changed them: the user (at sign-in, on the account page, through `/me`) or an admin. */
export const mfaChangeActor = z.enum(['user', 'admin']);
export type MfaChangeActor = z.output<typeof mfaChangeActor>;

/**
 * A user's second factors changed. Ids and methods only: no secret, no passkey label (the user
 * names it, so it may say who they are), no credential id, so the event is safe to forward to
 * any security tool.
 */
export const UserMfaChangedV1 = defineEvent({
  type: 'idaas.user.mfa.changed.v1',
  stream: 'user',
  description:
    'A user enrolled or removed a second factor (TOTP app, passkey or security key, recovery codes).',
  data: z.object({
    userId: z.string().min(1),
    method: mfaChangeMethod,
    change: mfaChangeKind,
    // Optional so events written before it existed still validate; absent means the user.
    actor: mfaChangeActor.optional(),
  }),
});
