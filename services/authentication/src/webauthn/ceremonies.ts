import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { z } from 'zod';
import type { MongoWebAuthnCredentials, WebAuthnCredential, WebAuthnTransport } from '@idaas/user-store';
import {
  WEBAUTHN_CHALLENGE_LIFETIME_SECONDS,
  type CeremonyPurpose,
  type WebAuthnChallenges,
} from '../store/webauthn-challenges';
import type { RelyingParty } from './relying-party';

/** What the ceremonies need: the credentials (identity database), the pending challenges, a clock. */
export interface CeremonyDeps {
  passkeys: MongoWebAuthnCredentials;
  webauthnChallenges: WebAuthnChallenges;
  clock: () => Date;
}

/** One WebAuthn ceremony: whose tenant, which flow or session showed it, what for. */
export interface Ceremony {
  rp: RelyingParty;
  tenantId: string;
  ceremonyId: string;
}

const b64url = z
  .string()
  .max(8192)
  .regex(/^[A-Za-z0-9_-]*$/);
const TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'] as const;
const credentialBase = {
  id: b64url.min(1),
  rawId: b64url.min(1),
  type: z.literal('public-key'),
  clientExtensionResults: z.object({}).passthrough().default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
};
/** What our page's script posts after `navigator.credentials.create()`. */
const registrationJson = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: b64url,
    attestationObject: b64url,
    transports: z.array(z.string().max(20)).max(10).optional(),
  }),
});
/** What our page's script posts after `navigator.credentials.get()`. */
const assertionJson = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
});

/** JSON text from a form field, checked against a schema; undefined for anything else. */
function parsed<T extends z.ZodTypeAny>(schema: T, text: string): z.output<T> | undefined {
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/** The user handle is our user id: it is what identifies the user in a passwordless sign-in. */
const userHandleOf = (userId: string): string => Buffer.from(userId, 'utf8').toString('base64url');

const knownTransports = (reported: readonly string[] | undefined): WebAuthnTransport[] =>
  (reported ?? []).filter((t): t is WebAuthnTransport => (TRANSPORTS as readonly string[]).includes(t));

/**
 * Options for registering a passkey, its challenge remembered for this ceremony. A discoverable
 * credential is asked for, so the same passkey also signs in without a password; the user's
 * existing credentials are excluded, so one authenticator is not registered twice.
 * https://www.w3.org/TR/webauthn-3/#sctn-createCredential
 */
export async function registrationOptions(
  deps: CeremonyDeps,
  c: Ceremony,
  user: { userId: string; email: string; displayName?: string },
  rpName: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await deps.passkeys.credentialsOf(c.tenantId, user.userId);
  const options = await generateRegistrationOptions({
    rpName,
    rpID: c.rp.rpID,
    userName: user.email,
    userID: Buffer.from(user.userId, 'utf8'),
    userDisplayName: user.displayName ?? user.email,
    timeout: WEBAUTHN_CHALLENGE_LIFETIME_SECONDS * 1000,
    attestationType: 'none',
    excludeCredentials: existing.map((e) => ({ id: e.credentialId, transports: e.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  await deps.webauthnChallenges.remember(
    c.tenantId,
    c.ceremonyId,
    'register',
    options.challenge,
    deps.clock(),
  );
  return options;
}

export type RegistrationOutcome = 'registered' | 'refused' | 'already_registered';

/** Checks the new credential against the challenge of this ceremony (spent either way) and keeps it. */
export async function registerCredential(
  deps: CeremonyDeps,
  c: Ceremony,
  userId: string,
  credentialText: string,
  label: string,
): Promise<RegistrationOutcome> {
  const now = deps.clock();
  const challenge = await deps.webauthnChallenges.take(c.tenantId, c.ceremonyId, 'register', now);
  const response = parsed(registrationJson, credentialText);
  if (!challenge || !response) return 'refused';
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verification = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: c.rp.origin,
      expectedRPID: c.rp.rpID,
      requireUserVerification: false,
    });
  } catch {
    return 'refused';
  }
  if (!verification.verified) return 'refused';
  const { credential, credentialDeviceType } = verification.registrationInfo;
  const stored = await deps.passkeys.register(c.tenantId, {
    credentialId: credential.id,
    userId,
    publicKey: Buffer.from(credential.publicKey).toString('base64url'),
    counter: credential.counter,
    transports: knownTransports(response.response.transports),
    deviceType: credentialDeviceType,
    label,
    createdAt: now,
  });
  return stored ? 'registered' : 'already_registered';
}

/**
 * Options for an assertion. As a second factor the user is known, and their credentials are
 * listed; without a password none are (the authenticator offers its discoverable ones) and user
 * verification is required, so the passkey alone is two factors.
 */
export async function assertionOptions(
  deps: CeremonyDeps,
  c: Ceremony,
  purpose: Exclude<CeremonyPurpose, 'register'>,
  userId?: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const allowed =
    userId && purpose === 'second_factor' ? await deps.passkeys.credentialsOf(c.tenantId, userId) : [];
  const options = await generateAuthenticationOptions({
    rpID: c.rp.rpID,
    allowCredentials: allowed.map((a) => ({ id: a.credentialId, transports: a.transports })),
    userVerification: purpose === 'passwordless' ? 'required' : 'preferred',
    timeout: WEBAUTHN_CHALLENGE_LIFETIME_SECONDS * 1000,
  });
  await deps.webauthnChallenges.remember(c.tenantId, c.ceremonyId, purpose, options.challenge, deps.clock());
  return options;
}

export type AssertionOutcome =
  { outcome: 'verified'; credential: WebAuthnCredential; userVerified: boolean } | { outcome: 'refused' };

/**
 * Checks an assertion: the challenge of this ceremony (spent by any answer, right or wrong, so
 * a replayed assertion finds none), a credential of this tenant (of `userId` when the user is
 * known; else the user handle must name the credential's owner), the signature, origin, RP ID,
 * user verification where required, and a signature counter that moved forward.
 * https://www.w3.org/TR/webauthn-3/#sctn-verifying-assertion
 */
export async function verifyAssertion(
  deps: CeremonyDeps,
  c: Ceremony,
  purpose: Exclude<CeremonyPurpose, 'register'>,
  credentialText: string,
  userId?: string,
): Promise<AssertionOutcome> {
  const refused = { outcome: 'refused' } as const;
  const now = deps.clock();
  const challenge = await deps.webauthnChallenges.take(c.tenantId, c.ceremonyId, purpose, now);
  const response = parsed(assertionJson, credentialText);
  if (!challenge || !response) return refused;
  const credential = await deps.passkeys.find(c.tenantId, response.id);
  if (!credential || (userId !== undefined && credential.userId !== userId)) return refused;
  if (purpose === 'passwordless' && response.response.userHandle !== userHandleOf(credential.userId))
    return refused;
  let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verification = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge: challenge,
      expectedOrigin: c.rp.origin,
      expectedRPID: c.rp.rpID,
      credential: {
        id: credential.credentialId,
        publicKey: Buffer.from(credential.publicKey, 'base64url'),
        counter: credential.counter,
        transports: credential.transports,
      },
      requireUserVerification: purpose === 'passwordless',
    });
  } catch {
    return refused;
  }
  if (!verification.verified) return refused;
  const { newCounter, userVerified } = verification.authenticationInfo;
  if ((await deps.passkeys.recordUse(c.tenantId, credential, newCounter, now)) !== 'used') return refused;
  return { outcome: 'verified', credential, userVerified };
}
