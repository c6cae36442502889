import type { UserDirectory } from '@idaas/identity';
import type {
  MessageRequestSource,
  MongoKnownDevices,
  MongoMfaEnrolments,
  SignInTickets,
} from '@idaas/user-store';
import type { MongoSignInCountries } from '@idaas/user-store';
import type { MongoCompletedSignIns } from '@idaas/user-store';
import type { MongoMfaChanges } from '@idaas/user-store';
import type { MongoWebAuthnCredentials } from '@idaas/user-store';
import type { SecondFactorRemoval } from '@idaas/user-store';
import type { WebAuthnChallenges } from '../store/webauthn-challenges';
import type { BrandingReplica, PolicyReplica, TenantView } from '@idaas/replica';
import type { AuthenticationDeps } from '../deps';
import type { AuthorizationCodes } from '../domain/authorization-grant';
import type { ConsentStore } from '../store/consent-store';
import type { EmailCodeStore } from '../store/email-code-store';
import type { FlowStore } from '../store/flow-store';
import type { PushedAuthorizationRequests } from '../store/pushed-authorization-requests';
import type { SessionStore } from '../store/session-store';
import type { DeviceAuthorizations } from '../store/device-authorizations';
import type { UserCodeAttempts } from '../store/user-code-attempts';

/** What the front channel (authorization endpoint and hosted pages) needs beyond the key manager's deps. */
export interface HostedDeps extends Pick<
  AuthenticationDeps,
  'region' | 'tenants' | 'applications' | 'keys' | 'clock' | 'issuerOf' | 'refreshTokens' | 'revocations'
> {
  policies: PolicyReplica;
  branding: BrandingReplica;
  /** The region's user directory (database `idaas_<region>_identity`). */
  users: UserDirectory;
  /** The region's second factors (identity database), sealed and hashed. */
  mfa: MongoMfaEnrolments;
  /** Browsers each user completed a sign-in from (identity database): new-device notices. */
  devices: MongoKnownDevices;
  /** Completed sign-ins (identity database): `idaas.user.signin.succeeded.v2` in the user's outbox. */
  signIns: MongoCompletedSignIns;
  /** Second-factor changes (identity database): `idaas.user.mfa.changed.v1` in the user's outbox. */
  mfaChanges: MongoMfaChanges;
  /** Takes second factors away (account page), deciding what goes along and telling each removal. */
  secondFactors: SecondFactorRemoval;
  /** Each user's last sign-in country (identity database), for the adaptive rule stepUpOnNewCountry. */
  countries: MongoSignInCountries;
  /** TRUSTED_COUNTRY_HEADER: where the proxy puts the client's country; empty for no country signal. */
  trustedCountryHeader: string;
  flows: FlowStore;
  /** Authorization requests clients pushed (RFC 9126), taken once by the authorization endpoint. */
  pushedRequests: PushedAuthorizationRequests;
  /** Device authorization requests (RFC 8628) the verification page finds by user code and decides. */
  deviceAuthorizations: DeviceAuthorizations;
  /** Wrong user codes per browser and tenant, for the verification page's limits. */
  userCodeAttempts: UserCodeAttempts;
  /** Users' passkeys and security keys (identity database): public keys, counters, labels. */
  passkeys: MongoWebAuthnCredentials;
  /** Pending WebAuthn challenges, single-use, bound to a login flow. */
  webauthnChallenges: WebAuthnChallenges;
  /** Codes emailed as a second factor, one record per login flow (hashed, with the email's request). */
  emailCodes: EmailCodeStore;
  /** Seals emailed codes into message requests (MESSAGE_SEALING_KEY, shared with the notification service). */
  messages: MessageRequestSource;
  sessions: SessionStore;
  consents: ConsentStore;
  codes: AuthorizationCodes;
  /** Tickets the registration service issues after a sign-up from a login page (identity database). */
  signInTickets: SignInTickets;
  /** Where the registration service serves sign-up for this tenant. */
  signUpUrlOf: (tenant: TenantView) => string;
  /** Where the lifecycle service serves password recovery for this tenant. */
  recoveryUrlOf: (tenant: TenantView) => string;
}
