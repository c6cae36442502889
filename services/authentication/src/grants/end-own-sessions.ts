import type { AuthenticationDeps } from '../deps';
import type { SessionStore } from '../store/session-store';
import { revokeSessionGrants, revokeUserGrants } from './revoke-family';

export type OwnSessionEndDeps = Pick<AuthenticationDeps, 'refreshTokens' | 'revocations' | 'clock'> & {
  sessions: Pick<SessionStore, 'endById' | 'endAllOf'>;
};

/**
 * The user signs one of their own sessions out (from an application through `/me/sessions`, or
 * from another browser on the account page): it ends in the store, which tells its applications
 * (Back-Channel Logout), and what it granted is revoked. False when the user has no such session
 * in this tenant: another user's or tenant's id is as unknown, and nothing changes.
 */
export async function endOwnSession(
  deps: OwnSessionEndDeps,
  tenantId: string,
  userId: string,
  sessionId: string,
): Promise<boolean> {
  if (!(await deps.sessions.endById(tenantId, userId, sessionId))) return false;
  await revokeSessionGrants(deps, tenantId, sessionId, deps.clock());
  return true;
}

/**
 * "Sign out everywhere else": every other session of the user ends, and every grant but this
 * session's is revoked, as after a password change: an application still holding a refresh
 * token from a session that already expired is signed in elsewhere too. Answers how many ended.
 */
export async function endOtherOwnSessions(
  deps: OwnSessionEndDeps,
  tenantId: string,
  userId: string,
  keepSessionId: string,
): Promise<number> {
  const ended = await deps.sessions.endAllOf(tenantId, userId, keepSessionId);
  await revokeUserGrants(deps, tenantId, userId, deps.clock(), keepSessionId);
  return ended.length;
}
