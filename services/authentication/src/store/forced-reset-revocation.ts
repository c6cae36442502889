import { UserStateChangedV1, type EventHandler } from '@idaas/events';
import type { AuthenticationDeps } from '../deps';
import { revokeUserGrants } from '../grants/revoke-family';
import type { SessionStore } from './session-store';

export interface ForcedResetRevocationDeps extends Pick<
  AuthenticationDeps,
  'refreshTokens' | 'revocations' | 'users' | 'clock'
> {
  sessions: SessionStore;
}

/**
 * An admin forcing a password reset (`idaas.user.state_changed.v1` to `password_reset_required`,
 * from the lifecycle service) distrusts the password: the user's SSO sessions end and their token
 * families are revoked, access tokens through the revocation list every region reads. Until then
 * the state alone already refuses them in this region.
 */
export function forcedResetRevocationHandlers(deps: ForcedResetRevocationDeps): Record<string, EventHandler> {
  return {
    [UserStateChangedV1.type]: async ({ event }) => {
      const change = UserStateChangedV1.data.parse(event.data);
      if (change.to !== 'password_reset_required') return;
      // Only while the reset is pending: once the new password is set, that step has revoked what
      // the old one obtained, and the sessions since belong to the new one.
      const user = await deps.users.findById(event.tenantid, change.userId);
      if (user?.state !== 'password_reset_required') return;
      await deps.sessions.endAllOf(event.tenantid, change.userId);
      await revokeUserGrants(deps, event.tenantid, change.userId, deps.clock());
    },
  };
}
