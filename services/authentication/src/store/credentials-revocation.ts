import { UserCredentialsRevokedV1, type EventHandler } from '@idaas/events';
import type { MongoKnownDevices } from '@idaas/user-store';
import type { AuthenticationDeps } from '../deps';
import { revokeUserGrants } from '../grants/revoke-family';
import type { SessionStore } from './session-store';

export interface CredentialsRevocationDeps extends Pick<AuthenticationDeps, 'refreshTokens' | 'revocations'> {
  sessions: SessionStore;
  clock: () => Date;
  devices: Pick<MongoKnownDevices, 'forgetMfaRemembered'>;
}

/**
 * The consumer of `idaas.user.credentials_revoked.v1` (a password recovered or changed in the
 * lifecycle service): the user's SSO sessions end and their token families are revoked, but for
 * the session a change was made from; no browser stays remembered for the second factor. Both steps are idempotent, so a redelivery is harmless.
 */
export function credentialsRevocationHandlers(deps: CredentialsRevocationDeps): Record<string, EventHandler> {
  return {
    [UserCredentialsRevokedV1.type]: async ({ event }) => {
      const data = UserCredentialsRevokedV1.data.parse(event.data);
      const now = deps.clock();
      await deps.sessions.endAllOf(event.tenantid, data.userId, data.keepSessionId);
      await revokeUserGrants(deps, event.tenantid, data.userId, now, data.keepSessionId);
      // Whoever held the old password may have ticked "remember this device": the second factor is asked again.
      await deps.devices.forgetMfaRemembered(event.tenantid, data.userId);
    },
  };
}
