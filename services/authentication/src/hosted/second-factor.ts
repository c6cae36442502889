import type { Request, Response } from 'express';
import {
  ACR_MFA,
  AMR_REMEMBERED_DEVICE,
  decideMfa,
  FlowExpiredError,
  type MfaDecision,
  type SignInRisk,
} from '@idaas/identity';
import type { AuthorizationRequest } from '../domain/authorization-request';
import { signInMethodOf } from '../domain/sign-in-method';
import { readCookie, SESSION_COOKIE, setSessionCookie } from './cookies';
import { completeAuthorization } from './complete-authorization';
import type { HostedDeps } from './deps';
import { webauthnAvailableAt } from './passkey-step';
import { assertCsrf, type RunningFlow } from './flow-step';
import { recogniseSignInDevice, signInBrowser } from './recognise-device';
import { deviceHashOf } from './device-cookie';
import { recordSignInCountry } from './sign-in-risk';

/**
 * `acr_values` asking for the MFA class. Treated as essential: the sign-in fails rather than
 * answering with a weaker class.
 * https://openid.net/specs/openid-connect-core-1_0.html#acrSemantics
 */
export const asksForMfa = (request: Pick<AuthorizationRequest, 'acrValues'>): boolean =>
  request.acrValues?.includes(ACR_MFA) ?? false;

/** The second-factor decision for one user signing in to one application, with its reasons. */
export async function mfaDecisionFor(
  deps: Pick<HostedDeps, 'policies' | 'mfa' | 'users' | 'tenants' | 'issuerOf'>,
  tenantId: string,
  applicationId: string,
  userId: string,
  acrRequested: boolean,
  /** The sign-in's signals (`signInRiskOf`); left out where there is no sign-in to measure. */
  risk?: SignInRisk,
): Promise<MfaDecision> {
  const { policy, sources } = deps.policies.effectiveFor(tenantId, applicationId);
  return decideMfa({
    mfa: policy.mfa,
    modeSource: sources['mfa.mode'] ?? 'tenant',
    user: await deps.mfa.mfaOf(tenantId, userId),
    acrRequested,
    // Only email codes need the address verified; other policies spare the sign-in this read.
    emailVerified:
      policy.mfa.methods.includes('email_otp') &&
      (await deps.users.findById(tenantId, userId))?.emailVerified === true,
    ...(risk ? { risk } : {}),
    webauthnAvailable: webauthnAvailableAt(deps, tenantId),
  });
}

/** The decision for the flow's user at the second step, once the password is behind (no sign-in to measure). */
export const flowMfaDecision = (
  deps: HostedDeps,
  running: RunningFlow,
  userId: string,
): Promise<MfaDecision> =>
  mfaDecisionFor(deps, running.tenant.tenantId, running.client.applicationId, userId, false);

/** The user the flow's password step identified; a flow without one cannot be at a later step. */
export function flowUserId(running: RunningFlow): string {
  const userId = running.flow.userId;
  if (!userId) throw new FlowExpiredError(running.flow.id);
  return userId;
}

/**
 * Pipeline step of the forms after the password: the flow's CSRF token, then its user, who must
 * still be allowed to sign in (undefined once locked, even by wrong codes, or disabled meanwhile).
 */
export async function signingInUser(
  deps: HostedDeps,
  running: RunningFlow,
  csrfToken: string | undefined,
): Promise<string | undefined> {
  assertCsrf(running.flow, csrfToken);
  const userId = flowUserId(running);
  const user = await deps.users.findById(running.tenant.tenantId, userId);
  return user && (user.state === 'active' || user.state === 'password_reset_required') ? userId : undefined;
}

/**
 * An SSO session signed in with a password alone is not enough where MFA is required now (the
 * policy changed, or the client asks for it): the user signs in again, second factor included.
 */
export function needsStepUp(
  deps: Pick<HostedDeps, 'policies'>,
  tenantId: string,
  applicationId: string,
  request: AuthorizationRequest,
  amr: readonly string[],
): boolean {
  if (amr.includes('mfa')) return false;
  // A remembered browser stood in for the code under this policy; only the client can ask again.
  if (amr.includes(AMR_REMEMBERED_DEVICE)) return asksForMfa(request);
  const { policy } = deps.policies.effectiveFor(tenantId, applicationId);
  return policy.mfa.mode === 'required' || asksForMfa(request);
}

/** Every factor is done: a new SSO session with the methods used, then on to consent or the client. */
export async function finishSignIn(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  userId: string,
  amr: string[],
  /** The user ticked "remember this device" on the second-factor page (the policy's days). */
  rememberMfaForDays = 0,
): Promise<void> {
  const { tenant, client, flow } = running;
  const policy = deps.policies.effectiveFor(tenant.tenantId, client.applicationId).policy;
  // A new sign-in replaces whatever session the browser had (session fixation: never reuse it).
  const previous = readCookie(req, SESSION_COOKIE);
  if (previous) await deps.sessions.end(tenant.tenantId, previous);
  // Decided first, so the session's one insert names the device it signed in from.
  const browser = signInBrowser(req);
  const { cookie, session } = await deps.sessions.start(
    tenant.tenantId,
    userId,
    amr,
    policy.session,
    deps.clock(),
    {
      clientId: client.applicationId,
      deviceHash: deviceHashOf(browser.secret),
    },
  );
  setSessionCookie(res, deps.issuerOf(tenant), cookie);
  // After the session, so the event never tells of a sign-in that did not happen; a crash in
  // between loses the event rather than sending one twice.
  await deps.signIns.record(tenant.tenantId, userId, { method: signInMethodOf(amr), amr }, deps.clock());
  const rememberUntil =
    rememberMfaForDays > 0 ? new Date(deps.clock().getTime() + rememberMfaForDays * 86_400_000) : undefined;
  await recogniseSignInDevice(deps, req, res, tenant, userId, browser, rememberUntil);
  await recordSignInCountry(deps, req, tenant, userId);
  await completeAuthorization(deps, req, res, { tenant, client, request: flow.request, session, flow });
}
