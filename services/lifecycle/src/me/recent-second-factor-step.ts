import { insufficientUserAuthentication } from '@idaas/http';
import {
  ACR_MFA,
  decideMfa,
  hasRecentSecondFactor,
  RECENT_SECOND_FACTOR_SECONDS,
  type MfaEnrolments,
  type User,
} from '@idaas/identity';
import type { PolicyReplica } from '@idaas/replica';

/**
 * Pipeline step of the /me routes that change credentials (password, account deletion, second
 * factors): the caller's token must show a second factor within the last 15 minutes, when the
 * user has one they can answer on the token's application. A user without one cannot prove it,
 * and the route's own check (the current password) is the proof. Otherwise 401 with the RFC 9470
 * challenge, so the client signs the user in again with `acr_values` and `max_age`.
 * https://www.rfc-editor.org/rfc/rfc9470#section-3
 */
export async function requireRecentSecondFactor(
  deps: { mfa: MfaEnrolments; policies: Pick<PolicyReplica, 'effectiveFor'>; clock: () => Date },
  tenantId: string,
  user: User,
  token: Readonly<Record<string, unknown>>,
): Promise<void> {
  if (hasRecentSecondFactor(token, deps.clock())) return;
  const applicationId = typeof token.client_id === 'string' ? token.client_id : '';
  const { policy, sources } = deps.policies.effectiveFor(tenantId, applicationId);
  const decision = decideMfa({
    mfa: policy.mfa,
    modeSource: sources['mfa.mode'] ?? 'tenant',
    user: await deps.mfa.mfaOf(tenantId, user.userId),
    acrRequested: true,
    emailVerified: user.emailVerified,
  });
  if (decision.step !== 'verify') return;
  throw insufficientUserAuthentication(
    `Changing credentials needs a second factor within the last ${RECENT_SECOND_FACTOR_SECONDS / 60} minutes.`,
    { acrValues: ACR_MFA, maxAgeSeconds: RECENT_SECOND_FACTOR_SECONDS },
  );
}
