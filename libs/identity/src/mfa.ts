import type { Policy } from '@idaas/events';

/** Every second factor the policy can name; only `totp` and `recovery_code` are implemented so far. */
export type MfaMethod = Policy['mfa']['methods'][number];
export const MFA_METHODS: readonly MfaMethod[] = ['totp', 'webauthn', 'email_otp', 'recovery_code'];
/** The methods the hosted sign-in can verify today (WebAuthn and email codes come later). */
export const IMPLEMENTED_MFA_METHODS: readonly MfaMethod[] = ['totp', 'recovery_code'];

/**
 * Authentication context classes the ID token's `acr` carries, and a client may ask for in
 * `acr_values`. https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 */
export const ACR_PASSWORD = 'urn:idaas:acr:pwd';
export const ACR_MFA = 'urn:idaas:acr:mfa';

/**
 * RFC 8176 `amr` values: `pwd` password, `otp` a TOTP code, `mfa` several factors. A recovery
 * code has no registered value; it is recorded as `rc` (documented in the README) with `mfa`.
 * https://www.rfc-editor.org/rfc/rfc8176#section-2
 */
export const AMR_RECOVERY_CODE = 'rc';
export const SECOND_FACTOR_AMR: Readonly<Record<'totp' | 'recovery_code', readonly string[]>> = {
  totp: ['otp', 'mfa'],
  recovery_code: [AMR_RECOVERY_CODE, 'mfa'],
};

export function acrOf(amr: readonly string[]): string {
  return amr.includes('mfa') ? ACR_MFA : ACR_PASSWORD;
}

/** What an admin decided for one user: which methods they may use, and which they prefer. */
export interface UserMfaSettings {
  /** Unset: every method the policy allows. */
  allowedMethods?: MfaMethod[];
  preferredMethod?: MfaMethod;
}

/** One enrolment as others may see it: never a secret or a code. */
export interface MfaEnrolmentView {
  method: 'totp' | 'recovery_code';
  enrolledAt: Date;
  /** Recovery codes not used yet. */
  remaining?: number;
  lastUsedAt?: Date;
}

export interface UserMfa extends UserMfaSettings {
  enrolments: MfaEnrolmentView[];
}

/**
 * Read port for a user's second factors (e.g. `/me` and SCIM in the lifecycle service). The
 * region's implementation is `MongoMfaEnrolments` in `@idaas/user-store`.
 */
export interface MfaEnrolments {
  mfaOf(tenantId: string, userId: string): Promise<UserMfa>;
}

/** What the sign-in does after the password: nothing more, ask for a code, enrol first, or refuse. */
export type MfaStep = 'none' | 'verify' | 'enrol' | 'refuse';

export interface MfaDecision {
  step: MfaStep;
  /** Methods this user may use on this application (policy ∩ user's allowed ∩ implemented). */
  usableMethods: MfaMethod[];
  /** Why, in words an admin reads in the explain endpoint. */
  reasons: string[];
}

/**
 * The one place that decides the second factor of a sign-in. Required by the effective policy
 * or by the client's `acr_values` (an essential request for ACR_MFA); optional means "if the
 * user enrolled"; off means never, unless the client asks for it.
 */
export function decideMfa(input: {
  mfa: Policy['mfa'];
  /** Who set the mode (from the effective policy's sources). */
  modeSource: string;
  user: UserMfa;
  acrRequested: boolean;
}): MfaDecision {
  const { mfa, user } = input;
  const allowed = user.allowedMethods ?? MFA_METHODS;
  const usableMethods = mfa.methods.filter((m) => allowed.includes(m) && IMPLEMENTED_MFA_METHODS.includes(m));
  const enrolled = user.enrolments.some((e) => e.method === 'totp');
  const reasons = [`MFA mode is ${mfa.mode} (set by ${input.modeSource})`];
  if (input.acrRequested) reasons.push(`the client asked for ${ACR_MFA} in acr_values`);
  const required = mfa.mode === 'required' || input.acrRequested;
  if (!required && (mfa.mode === 'off' || !enrolled)) {
    reasons.push(
      mfa.mode === 'off' ? 'no second factor is asked' : 'the user has not enrolled a second factor',
    );
    return { step: 'none', usableMethods, reasons };
  }
  if (!usableMethods.includes('totp')) {
    reasons.push(
      `no method the user may use is allowed here (policy: ${mfa.methods.join(', ') || 'none'}; user: ${
        user.allowedMethods?.join(', ') ?? 'any'
      })`,
    );
    return { step: required ? 'refuse' : 'none', usableMethods, reasons };
  }
  if (enrolled) {
    reasons.push('the user enrolled TOTP, so a code is asked');
    return { step: 'verify', usableMethods, reasons };
  }
  reasons.push('the user has no second factor yet, so they enrol at this sign-in');
  return { step: 'enrol', usableMethods, reasons };
}
