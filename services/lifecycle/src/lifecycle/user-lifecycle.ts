import type { User, UserTransition } from '@idaas/identity';
import type { MongoUserDirectory } from '@idaas/user-store';

/**
 * The lifecycle table of libs/identity as named steps. Each method is one row of
 * `USER_TRANSITIONS`: the directory checks the row's rule (IllegalTransitionError otherwise) and
 * writes the new state with exactly one event in the same document update.
 */
export class UserLifecycle {
  constructor(
    private readonly users: Pick<MongoUserDirectory, 'transition'>,
    private readonly clock: () => Date,
  ) {}

  /** By an admin: lasts until an admin or a completed password recovery lifts it. */
  lock = (tenantId: string, userId: string) => this.step(tenantId, userId, 'lock');
  unlock = (tenantId: string, userId: string) => this.step(tenantId, userId, 'unlock');
  disable = (tenantId: string, userId: string) => this.step(tenantId, userId, 'disable');
  enable = (tenantId: string, userId: string) => this.step(tenantId, userId, 'enable');
  requirePasswordReset = (tenantId: string, userId: string) =>
    this.step(tenantId, userId, 'requirePasswordReset');
  /** Also lifts a lock: whoever proved control of the mailbox may sign in again. */
  completePasswordReset = (tenantId: string, userId: string) =>
    this.step(tenantId, userId, 'completePasswordReset');
  suspendForInactivity = (tenantId: string, userId: string) =>
    this.step(tenantId, userId, 'suspendForInactivity');
  reactivate = (tenantId: string, userId: string) => this.step(tenantId, userId, 'reactivate');
  /** Erasure: personal data goes, a tombstone with the id stays, and the event tells integrators to erase too. */
  erase = (tenantId: string, userId: string) => this.step(tenantId, userId, 'delete');

  private step(tenantId: string, userId: string, transition: UserTransition): Promise<User> {
    return this.users.transition(tenantId, userId, transition, this.clock());
  }
}

/** The steps an admin takes through the API, by the last segment of their route. */
export const ADMIN_STEPS = {
  lock: 'lock',
  unlock: 'unlock',
  disable: 'disable',
  enable: 'enable',
  'require-password-reset': 'requirePasswordReset',
  suspend: 'suspendForInactivity',
  reactivate: 'reactivate',
} as const satisfies Record<string, keyof UserLifecycle & UserTransition>;
