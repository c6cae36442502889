import { UserLockedV1, UserStateChangedV1, type EventHandler } from '@idaas/events';
import type { UserState } from '@idaas/identity';
import type { AuthenticationDeps } from '../deps';
import { revokeUserGrants } from '../grants/revoke-family';
import type { SessionStore } from './session-store';

export interface UserStateRevocationDeps extends Pick<
  AuthenticationDeps,
  'refreshTokens' | 'revocations' | 'users' | 'clock'
> {
  sessions: SessionStore;
}

/**
 * States whose SSO sessions end at once. The state alone already refuses them in this region;
 * ending them also tells the applications signed in through them (back-channel logout). Their
 * tokens are left to the state, which refuses them at refresh and introspection while it lasts.
 */
const SESSIONS_END_IN: readonly UserState[] = ['disabled', 'deleted'];

/**
 * The user's state changed in the lifecycle service:
 * - an admin forcing a password reset (`password_reset_required`) distrusts the password: the
 *   user's SSO sessions end and their token families are revoked, access tokens through the
 *   revocation list every region reads;
 * - a user disabled, deleted or locked by an admin loses their SSO sessions.
 * A lock after too many wrong passwords (`lockedUntil`) ends nothing: anyone who knows the email
 * could cause one, and the user's own sessions are not what is under attack.
 * Each step checks the user is still in that state, so a late or repeated event undoes nothing.
 */
export function userStateRevocationHandlers(deps: UserStateRevocationDeps): Record<string, EventHandler> {
  const stillIn = async (tenantId: string, userId: string, state: UserState): Promise<boolean> =>
    (await deps.users.findById(tenantId, userId))?.state === state;
  return {
    [UserStateChangedV1.type]: async ({ event }) => {
      const change = UserStateChangedV1.data.parse(event.data);
      if (change.to === 'password_reset_required') {
        // Only while the reset is pending: once the new password is set, that step has revoked
        // what the old one obtained, and the sessions since belong to the new one.
        if (!(await stillIn(event.tenantid, change.userId, change.to))) return;
        await deps.sessions.endAllOf(event.tenantid, change.userId);
        await revokeUserGrants(deps, event.tenantid, change.userId, deps.clock());
        return;
      }
      const to = SESSIONS_END_IN.find((state) => state === change.to);
      if (to && (await stillIn(event.tenantid, change.userId, to)))
        await deps.sessions.endAllOf(event.tenantid, change.userId);
    },
    [UserLockedV1.type]: async ({ event }) => {
      const lock = UserLockedV1.data.parse(event.data);
      if (lock.lockedUntil !== undefined) return;
      if (await stillIn(event.tenantid, lock.userId, 'locked'))
        await deps.sessions.endAllOf(event.tenantid, lock.userId);
    },
  };
}
