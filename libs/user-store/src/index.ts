export { MongoUserDirectory, StaleUserError } from './mongo-user-directory';
export type { MongoUserDirectoryOptions, ProfileChange, UserPage } from './mongo-user-directory';
export { USERS, userStoreIndexes, identityDatabaseName } from './user-document';
export type { UserDocument } from './user-document';
export type { EventSource } from './user-events';
export { MongoMfaEnrolments, MFA_ENROLMENTS, mfaEnrolmentIndexes } from './mongo-mfa-enrolments';
export type { MongoMfaEnrolmentsOptions, SecondFactorOutcome } from './mongo-mfa-enrolments';
export { SignInTickets, SIGNIN_TICKETS, SIGNIN_TICKET_LIFETIME_SECONDS } from './signin-tickets';
export {
  MongoKnownDevices,
  KNOWN_DEVICES,
  KNOWN_DEVICES_PER_USER,
  knownDeviceIndexes,
} from './known-devices';
export type { KnownDevice } from './known-devices';
export { MongoSignInCountries, SIGN_IN_COUNTRIES } from './sign-in-countries';
export { MongoCompletedSignIns } from './completed-sign-ins';
export { MongoMfaChanges } from './mfa-changes';
export type { MfaChange, MfaChanges } from './mfa-changes';
export { SecondFactorRemoval } from './second-factor-removal';
export { EmailAddressProof } from './email-address-proof';
export type { AddressProofOutcome } from './email-address-proof';
export { renewRecoveryCodes } from './recovery-code-renewal';
export type { RecoveryCodeRenewalDeps } from './recovery-code-renewal';
export { enrolAuthenticatorApp } from './authenticator-app-enrolment';
export type { AuthenticatorAppEnrolmentDeps } from './authenticator-app-enrolment';
export type { SecondFactorRemovalDeps } from './second-factor-removal';
export { messageRequest } from './message-request';
export {
  MongoWebAuthnCredentials,
  WEBAUTHN_CREDENTIALS,
  WEBAUTHN_CREDENTIALS_PER_USER,
  webauthnCredentialIndexes,
} from './webauthn-credentials';
export type { CredentialUse, WebAuthnCredential, WebAuthnTransport } from './webauthn-credentials';
export type { MessageRequestSource } from './message-request';
