import { UserCredentialsRevokedV1, type EventHandler } from '@idaas/events';
import type { AuthenticationDeps } from '../deps';
import { revokeUserGrants } from '../grants/revoke-family';
import type { SessionStore } from './session-store';

export interface CredentialsRevocationDeps extends Pick<AuthenticationDeps, 'refreshTokens' | 'revocations'> {
  sessions: SessionStore;
  clock: () => Date;
}

/**
 * The consumer of `idaas.user.credentials_revoked.v1` (a password recovered or changed in the
 * lifecycle service): the user's SSO sessions end and their token families are revoked, but for
 * the session a change was made from. Both steps are idempotent, so a redelivery is harmless.
 */
export function credentialsRevocationHandlers(deps: CredentialsRevocationDeps): Record<string, EventHandler> {
  return {
    [UserCredentialsRevokedV1.type]: async ({ event }) => {
      const data = UserCredentialsRevokedV1.data.parse(event.data);
      const now = deps.clock();
      await deps.sessions.endAllOf(event.tenantid, data.userId, data.keepSessionId);
      await revokeUserGrants(deps, event.tenantid, data.userId, now, data.keepSessionId);
    },
  };
}
