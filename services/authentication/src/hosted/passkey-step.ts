import type { MfaDecision } from '@idaas/identity';
import type { HostedDeps } from './deps';
import { relyingPartyOf } from '../webauthn/relying-party';

/**
 * The page the second step starts on. A passkey the user holds comes first (it cannot be
 * phished, and it is one touch), with a link to their codes; enrolment offers the authenticator
 * app where the policy allows it, with a passkey beside it, and goes straight to the passkey
 * where the app is not allowed.
 */
export function secondFactorPath(decision: MfaDecision): string {
  if (decision.step === 'verify')
    return decision.readyMethods.includes('webauthn') ? 'login/mfa/webauthn' : 'login/mfa';
  return decision.usableMethods.includes('totp') ? 'login/mfa/enrol' : 'login/mfa/enrol/webauthn';
}

/** Where a page links to a passkey step, when the policy allows WebAuthn and the region can be a relying party. */
export function passkeyLink(
  issuer: string,
  allowed: boolean,
  path: string,
  flowId: string,
): string | undefined {
  return allowed && relyingPartyOf(issuer) ? `${issuer}/${path}?flow=${flowId}` : undefined;
}

/** Whether this tenant's sign-in pages can use WebAuthn: the region is served from a host name. */
export function webauthnAvailableAt(
  deps: Pick<HostedDeps, 'tenants' | 'issuerOf'>,
  tenantId: string,
): boolean {
  const tenant = deps.tenants.findById(tenantId);
  return tenant !== undefined && relyingPartyOf(deps.issuerOf(tenant)) !== undefined;
}
