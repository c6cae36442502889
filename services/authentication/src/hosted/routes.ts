import type { Db } from 'mongodb';
import type { AnyRoute } from '@idaas/http';
import type { IndexDeclaration } from '@idaas/store';
import { authorizeRoutes } from '../actions/authorize';
import { consentRoutes } from '../actions/consent';
import { loginRoutes } from '../actions/login';
import { loginContinueRoutes } from '../actions/login-continue';
import { logoutRoutes } from '../actions/logout';
import { mfaRoutes } from '../actions/mfa';
import { mfaEmailRoutes } from '../actions/mfa-email';
import { newPasswordRoutes } from '../actions/new-password';
import { ConsentStore } from '../store/consent-store';
import { EmailCodeStore, emailCodeIndexes } from '../store/email-code-store';
import { FlowStore, flowIndexes } from '../store/flow-store';
import {
  PushedAuthorizationRequests,
  pushedAuthorizationRequestIndexes,
} from '../store/pushed-authorization-requests';
import { SessionStore, sessionIndexes, type SessionsEnded } from '../store/session-store';
import { DeviceAuthorizations, deviceAuthorizationIndexes } from '../store/device-authorizations';
import { UserCodeAttempts, userCodeAttemptIndexes } from '../store/user-code-attempts';
import { deviceVerificationRoutes } from '../actions/device-verification';
import { deviceConfirmRoutes } from '../actions/device-confirm';
import { WebAuthnChallenges, webauthnChallengeIndexes } from '../store/webauthn-challenges';
import { webauthnRoutes } from '../actions/webauthn';
import { accountPasskeyRoutes } from '../actions/account-passkeys';
import { accountSecurityRoutes } from '../actions/account-security';
import { accountAuthenticatorAppRoutes } from '../actions/account-authenticator-app';
import { accountSessionRoutes } from '../actions/account-sessions';
import type { HostedDeps } from './deps';

/** The front channel's own collections in the authentication service's database. */
export const hostedPageStores = (db: Db, sessionsEnded?: SessionsEnded) => ({
  flows: new FlowStore(db),
  sessions: new SessionStore(db, sessionsEnded),
  consents: new ConsentStore(db),
  emailCodes: new EmailCodeStore(db),
  webauthnChallenges: new WebAuthnChallenges(db),
  pushedRequests: new PushedAuthorizationRequests(db),
  deviceAuthorizations: new DeviceAuthorizations(db),
  userCodeAttempts: new UserCodeAttempts(db),
});

export const hostedPageIndexes: IndexDeclaration[] = [
  ...flowIndexes,
  ...sessionIndexes,
  ...emailCodeIndexes,
  ...webauthnChallengeIndexes,
  ...pushedAuthorizationRequestIndexes,
  ...deviceAuthorizationIndexes,
  ...userCodeAttemptIndexes,
];

/** The authorization endpoint, the hosted login, consent and logout pages, the account pages. */
export const hostedPageRoutes = (deps: HostedDeps): AnyRoute[] => [
  ...authorizeRoutes(deps),
  ...loginRoutes(deps),
  ...newPasswordRoutes(deps),
  ...loginContinueRoutes(deps),
  ...mfaRoutes(deps),
  ...mfaEmailRoutes(deps),
  ...webauthnRoutes(deps),
  ...consentRoutes(deps),
  ...deviceVerificationRoutes(deps),
  ...deviceConfirmRoutes(deps),
  ...logoutRoutes(deps),
  ...accountPasskeyRoutes(deps),
  ...accountSecurityRoutes(deps),
  ...accountAuthenticatorAppRoutes(deps),
  ...accountSessionRoutes(deps),
];
