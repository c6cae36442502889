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

/**
 * A password sign-in succeeded. `passwordResetRequired` says the user may only go on to set a
 * new password, not get tokens.
 */
export const UserSignInSucceededV1 = defineEvent({
  type: 'idaas.user.signin.succeeded.v1',
  stream: 'user',
  description: 'A user proved their password and the counter of failed attempts went back to zero.',
  data: z.object({
    userId: z.string().min(1),
    method: z.literal('password'),
    passwordResetRequired: z.boolean(),
  }),
});

/**
 * A sign-in of a known user was refused. A sign-in for an email without an account has no
 * aggregate to carry an event (and recording one would mean a write per guess from anyone), so
 * it is only counted in the `idaas.user.signin.unknown` metric: no event, no email anywhere.
 */
export const UserSignInFailedV1 = defineEvent({
  type: 'idaas.user.signin.failed.v1',
  stream: 'user',
  description: 'A password sign-in of a known user was refused, and why.',
  data: z.object({
    userId: z.string().min(1),
    reason: z.enum(['wrong_password', 'locked', 'not_active']),
    failedAttempts: z.number().int().min(0),
  }),
});

export const UserLockedV1 = defineEvent({
  type: 'idaas.user.locked.v1',
  stream: 'user',
  description: 'A user was locked: too many wrong passwords (until `lockedUntil`) or by an admin (no end).',
  data: z.object({
    userId: z.string().min(1),
    from: z.enum(['active', 'password_reset_required']),
    lockedUntil: z.string().datetime({ offset: true }).optional(),
  }),
});

export const UserUnlockedV1 = defineEvent({
  type: 'idaas.user.unlocked.v1',
  stream: 'user',
  description: 'A locked user may sign in again: the lock expired, or an admin lifted it.',
  data: z.object({
    userId: z.string().min(1),
    via: z.enum(['expired', 'admin']),
  }),
});

/**
 * Any other step of the lifecycle table in libs/identity (verifyEmail, disable, delete...): one
 * event per transition, named by the transition, so a new row in the table needs no new schema.
 */
export const UserStateChangedV1 = defineEvent({
  type: 'idaas.user.state_changed.v1',
  stream: 'user',
  description: "A user's lifecycle state changed by a transition of the user state table.",
  data: z.object({
    userId: z.string().min(1),
    transition: z.string().min(1),
    from: z.string().min(1),
    to: z.string().min(1),
  }),
});
