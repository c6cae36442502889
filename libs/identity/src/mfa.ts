import type { Policy } from '@idaas/events';
import { firedStepUpRules, rememberedDeviceSkips, type SignInRisk } from './adaptive-mfa';

/** Every second factor the policy can name; only `totp` and `recovery_code` are implemented so far. */
export type MfaMethod = Policy['mfa']['methods'][number];
export const MFA_METHODS: readonly MfaMethod[] = ['totp', 'webauthn', 'email_otp', 'recovery_code'];
/** The methods the hosted sign-in can verify today. */
export const IMPLEMENTED_MFA_METHODS: readonly MfaMethod[] = [
  'totp',
  'webauthn',
  'email_otp',
  'recovery_code',
];

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
export const SECOND_FACTOR_AMR: Readonly<Record<'totp' | 'email_otp' | 'recovery_code', readonly string[]>> =
  {
    totp: ['otp', 'mfa'],
    // An emailed code is a one-time password too (RFC 8176 `otp`); RFC 8176 has no value for the channel.
    email_otp: ['otp', 'mfa'],
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
  method: 'totp' | 'webauthn' | 'recovery_code';
  /** A passkey's name, chosen by the user or made up at registration. */
  label?: string;
  /** A passkey's credential id (base64url): public, it names the passkey for its owner to remove it. */
  credentialId?: string;
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

/**
 * Whether the user enrolled a second factor of their own: an authenticator app or a passkey.
 * Recovery codes only back one of those up; emailed codes need no enrolment.
 */
export function hasEnrolledSecondFactor(user: Pick<UserMfa, 'enrolments'>): boolean {
  return user.enrolments.some((e) => e.method === 'totp' || e.method === 'webauthn');
}

/** What the sign-in does after the password: nothing more, ask for a code, enrol first, or refuse. */
export type MfaStep = 'none' | 'verify' | 'enrol' | 'refuse';

export interface MfaDecision {
  step: MfaStep;
  /** Methods this user may use on this application (policy ∩ user's allowed ∩ implemented). */
  usableMethods: MfaMethod[];
  /** Of those, the ones the user can answer now (TOTP enrolled, email verified, recovery codes left). */
  readyMethods: MfaMethod[];
  /** Why, in words an admin reads in the explain endpoint. */
  reasons: string[];
  /** `none` because this browser was remembered after a second factor (amr `rd`, not `mfa`). */
  rememberedDevice?: boolean;
  /** The user's preferred method (admin setting), which the second-factor page opens on. */
  preferredMethod?: MfaMethod;
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
  /** A verified email enrols the user in email codes implicitly, where the policy allows them. */
  emailVerified?: boolean;
  /** This sign-in's signals for the adaptive rules and remembered devices (none: no rule fires). */
  risk?: SignInRisk;
  /** False where the region cannot be a WebAuthn relying party (served from an IP address). */
  webauthnAvailable?: boolean;
}): MfaDecision {
  const { mfa, user } = input;
  const allowed = user.allowedMethods ?? MFA_METHODS;
  const usableMethods = mfa.methods.filter(
    (m) =>
      allowed.includes(m) &&
      IMPLEMENTED_MFA_METHODS.includes(m) &&
      (m !== 'email_otp' || input.emailVerified === true) &&
      (m !== 'webauthn' || input.webauthnAvailable !== false),
  );
  const has = (m: MfaMethod) =>
    m === 'email_otp' || user.enrolments.some((e) => e.method === m && e.remaining !== 0);
  const readyMethods = usableMethods.filter(has);
  const byEmail = readyMethods.includes('email_otp');
  const enrolled = hasEnrolledSecondFactor(user) || byEmail;
  const reasons = [`MFA mode is ${mfa.mode} (set by ${input.modeSource})`];
  if (input.acrRequested) reasons.push(`the client asked for ${ACR_MFA} in acr_values`);
  // An adaptive rule asks enrolled users for a code even where the mode alone would not; it never
  // forces enrolment (that would lock out users the policy lets in without a second factor).
  const stepUp = firedStepUpRules(mfa, input.risk);
  reasons.push(...stepUp);
  const required = mfa.mode === 'required' || input.acrRequested;
  const quiet = mfa.mode === 'off' && stepUp.length === 0;
  const found = {
    usableMethods,
    readyMethods,
    reasons,
    ...(user.preferredMethod ? { preferredMethod: user.preferredMethod } : {}),
  };
  if (!required && (quiet || !enrolled)) {
    reasons.push(quiet ? 'no second factor is asked' : 'the user has not enrolled a second factor');
    return { step: 'none', ...found };
  }
  // A recovery code alone is a way back in, not a second factor to sign in with every day.
  if (readyMethods.some((m) => m !== 'recovery_code')) {
    if (rememberedDeviceSkips(input.risk, input.acrRequested, stepUp)) {
      reasons.push('this browser was remembered after a second factor, so no code is asked');
      return { step: 'none', ...found, rememberedDevice: true };
    }
    reasons.push(`the user can answer with ${readyMethods.join(', ')}, so a code is asked`);
    return { step: 'verify', ...found };
  }
  // Enrolment at sign-in offers an authenticator app or a passkey, whichever the policy allows.
  if (!usableMethods.some((m) => m === 'totp' || m === 'webauthn')) {
    reasons.push(
      `no method the user may use is allowed here (policy: ${mfa.methods.join(', ') || 'none'}; user: ${
        user.allowedMethods?.join(', ') ?? 'any'
      })`,
    );
    return { step: required ? 'refuse' : 'none', ...found };
  }
  reasons.push('the user has no second factor yet, so they enrol at this sign-in');
  return { step: 'enrol', ...found };
}
