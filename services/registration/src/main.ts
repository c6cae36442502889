import { parseKeyEncryptionKey } from '@idaas/crypto';
import { Topics } from '@idaas/events';
import { authorizeAdmin } from '@idaas/http';
import { PublishedKeys } from '@idaas/replica';
import { bootService, regionalService, type BootOptions } from '@idaas/runtime';
import { ensureIndexes } from '@idaas/store';
import {
  EmailAddressProof,
  identityDatabaseName,
  MongoUserDirectory,
  SignInTickets,
  userStoreIndexes,
} from '@idaas/user-store';
import { invitationPageRoutes } from './actions/invitation-pages';
import { invitationRoutes } from './actions/invitations';
import { signUpRoutes } from './actions/signup';
import { signUpPageRoutes } from './actions/signup-pages';
import { verifyRoutes } from './actions/verify';
import { meEmailRoutes } from './actions/me-email';
import type { RegistrationDeps } from './deps';
import { registrationSettings } from './settings';
import { INVITATIONS, InvitationStore, invitationIndexes } from './store/invitation-store';
import { NOTICES, NoticeStore } from './store/notice-store';
import { ResendLimiter } from './store/resend-limiter';
import { EMAIL_VERIFICATIONS, VerificationStore, verificationIndexes } from './store/verification-store';

/** The registration service of one region (REGION): sign-up, email verification, invitations. */
export const registrationService = regionalService({
  name: 'registration',
  title: 'IDaaS registration (sign-up, email verification, invitations)',
  settings: registrationSettings,
  // Message requests (sealed codes and links) ride in these documents' outboxes to the notify topic.
  outboxCollections: [EMAIL_VERIFICATIONS, INVITATIONS, NOTICES],
  indexes: [...verificationIndexes, ...invitationIndexes],
  build: async ({ config, db, events, clock, selfUrl, tenants, policies, branding }) => {
    // Admin tokens are checked against every region's published keys, as the key manager does.
    const publishedKeys = new PublishedKeys(db);
    await publishedKeys.load();
    const identityDb = db.client.db(identityDatabaseName(config.region));
    // The unique email index of the region's identity database; idempotent beside other services.
    await ensureIndexes(identityDb, userStoreIndexes);
    const deps: RegistrationDeps = {
      region: config.region,
      clock,
      tenants,
      policies,
      branding,
      // Users live in the region's identity database, beside this service's own.
      users: new MongoUserDirectory(identityDb, {
        region: config.region,
        source: `/idaas/${config.region}/registration`,
      }),
      verifications: new VerificationStore(db),
      invitations: new InvitationStore(db),
      sends: new ResendLimiter(db),
      notices: new NoticeStore(db),
      messages: {
        region: config.region,
        source: `/idaas/${config.region}/registration`,
        sealingKey: parseKeyEncryptionKey(config.messageSealingKey),
      },
      baseUrl: () => config.publicBaseUrl || selfUrl(),
      signInTickets: new SignInTickets(identityDb),
      addressProofs: new EmailAddressProof(identityDb, {
        region: config.region,
        source: `/idaas/${config.region}/registration`,
      }),
      accessTokenKeys: (kid) => publishedKeys.trusted(kid),
      issuerOf: (tenant) => `${config.loginBaseUrl || config.publicBaseUrl || selfUrl()}/t/${tenant.slug}`,
      authorize: (req, need) =>
        authorizeAdmin(
          { keys: publishedKeys, clock, systemTenantId: () => tenants.findBySlug('system')?.tenantId },
          req,
          need,
        ),
      eventsWritten: () => events.relay.kick(),
    };
    let stopKeys: (() => Promise<void>) | undefined;
    return {
      routes: [
        ...signUpRoutes(deps),
        ...verifyRoutes(deps),
        ...meEmailRoutes(deps),
        ...invitationRoutes(deps),
        ...signUpPageRoutes(deps),
        ...invitationPageRoutes(deps),
      ],
      start: async () => {
        const sub = await events.bus.subscribe({
          groupId: `${config.region}.registration.published-keys`,
          topics: [Topics.keys],
          handlers: publishedKeys.handlers(),
        });
        stopKeys = () => sub.stop();
      },
      stop: async () => {
        await stopKeys?.();
      },
    };
  },
});

export const main = (options?: BootOptions) => bootService(registrationService, options);

if (require.main === module) {
  main({ handleSignals: true }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
