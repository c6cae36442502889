import type { authorizeAdmin, TrustedKey } from '@idaas/http';
import type { BrandingReplica, PolicyReplica, TenantReplica, TenantView } from '@idaas/replica';
import type { EmailAddressProof, MongoUserDirectory, SignInTickets } from '@idaas/user-store';
import type { InvitationStore } from './store/invitation-store';
import type { NoticeStore } from './store/notice-store';
import type { ResendLimiter } from './store/resend-limiter';
import type { VerificationStore } from './store/verification-store';
import type { MessageRequestSource } from './message-request';

/** What the registration routes need, passed in explicitly (no globals). */
export interface RegistrationDeps {
  region: string;
  clock: () => Date;
  tenants: TenantReplica;
  policies: PolicyReplica;
  /** The tenants' look for the hosted pages. */
  branding: BrandingReplica;
  users: MongoUserDirectory;
  /** Marks an active user's current address verified once they prove it (`/me/email`). */
  addressProofs: Pick<EmailAddressProof, 'confirm'>;
  /** Keys every region published, to verify users' access tokens at `/me/email`. */
  accessTokenKeys: (kid: string) => TrustedKey | undefined;
  verifications: VerificationStore;
  invitations: InvitationStore;
  sends: ResendLimiter;
  notices: NoticeStore;
  messages: MessageRequestSource;
  /** Hand-over to the login flow a sign-up started from (identity database, shared with authentication). */
  signInTickets: SignInTickets;
  /** The tenant's issuer at the authentication service, e.g. `https://eu.id.example.com/t/acme`. */
  issuerOf: (tenant: TenantView) => string;
  /** The public origin links in emails point to, e.g. `https://eu.id.example.com`. */
  baseUrl: () => string;
  authorize: (
    req: Parameters<typeof authorizeAdmin>[1],
    need: Parameters<typeof authorizeAdmin>[2],
  ) => ReturnType<typeof authorizeAdmin>;
  /** Outbox writes just happened: publish them now rather than at the next poll. */
  eventsWritten: () => void;
}

export const tenantUrl = (deps: RegistrationDeps, tenant: TenantView) => `${deps.baseUrl()}/t/${tenant.slug}`;
