import { parseKeyEncryptionKey } from '@idaas/crypto';
import { Topics } from '@idaas/events';
import { authorizeAdmin } from '@idaas/http';
import { PublishedKeys, type TenantView } from '@idaas/replica';
import { introspectRoute } from './actions/introspect';
import { revokeRoute } from './actions/revoke';
import { rotateSigningKeysRoute } from './actions/rotate-signing-keys';
import { ClientKeys } from './client-auth/client-keys';
import { startHousekeeping, sweepTasks } from './housekeeping';
import { REVOKED_TOKENS, RevokedTokens, revokedTokenIndexes } from './store/revoked-tokens';
import { UsedAssertions, usedAssertionIndexes } from './store/used-assertions';
import {
  identityDatabaseName,
  MongoCompletedSignIns,
  MongoMfaChanges,
  MongoKnownDevices,
  MongoMfaEnrolments,
  MongoSignInCountries,
  MongoUserDirectory,
  MongoWebAuthnCredentials,
  SecondFactorRemoval,
  SignInTickets,
  USERS,
} from '@idaas/user-store';
import { adminMfaRoutes } from './actions/admin-mfa';
import { adminMfaResetRoutes } from './actions/admin-mfa-reset';
import { authorizationCodeIndexes, MongoAuthorizationCodes } from './store/authorization-code-store';
import { RefreshTokenStore, refreshTokenIndexes } from './store/refresh-token-store';
import { userinfoRoute } from './actions/userinfo';
import { bootService, regionalService, type BootOptions } from '@idaas/runtime';
import { jwksRoute } from './actions/jwks';
import { metadataRoute, openidConfigurationRoute } from './actions/metadata';
import { tokenRoute } from './actions/token';
import { parRoute } from './actions/par';
import { deviceAuthorizationRoute } from './actions/device-authorization';
import { meSessionRoutes } from './actions/me-sessions';
import { meRememberedDeviceRoutes } from './actions/me-remembered-devices';
import { hostedPageRoutes, hostedPageIndexes, hostedPageStores } from './hosted/routes';
import { hostedPageSettings } from './hosted/settings';
import { authenticationSettings } from './settings';
import { SIGNING_KEYS, SigningKeyStore, signingKeyIndexes } from './store/signing-key-store';
import { MFA_EMAIL_CODES } from './store/email-code-store';
import { messageSealingSettings } from '@idaas/config';
import { credentialsRevocationHandlers } from './store/credentials-revocation';
import { userStateRevocationHandlers } from './store/user-state-revocation';
import { GroupMembershipReplica } from './store/group-membership-replica';
import { BackChannelLogout } from './back-channel-logout';

const { keyEncryptionKey, publicBaseUrl, signingKeyRotationDays } = authenticationSettings;

/** The key manager of one region (REGION): OAuth 2.0 / OpenID Connect endpoints per tenant. */
export const authenticationService = regionalService({
  name: 'authentication',
  title: 'IDaaS authentication (region key manager: OpenID Connect provider, tokens, keys)',
  settings: {
    keyEncryptionKey,
    publicBaseUrl,
    signingKeyRotationDays,
    ...hostedPageSettings,
    // Seals emailed sign-in codes for the notification service of the region.
    ...messageSealingSettings,
  },
  outboxCollections: [SIGNING_KEYS, REVOKED_TOKENS, MFA_EMAIL_CODES],
  identityOutboxCollections: [USERS],
  indexes: [
    ...signingKeyIndexes,
    ...revokedTokenIndexes,
    ...usedAssertionIndexes,
    ...authorizationCodeIndexes,
    ...refreshTokenIndexes,
    ...hostedPageIndexes,
  ],
  build: async ({
    config,
    db,
    events,
    clock,
    selfUrl,
    logger,
    tenants,
    applications,
    access,
    policies,
    branding,
  }) => {
    const keys = new SigningKeyStore(
      db,
      parseKeyEncryptionKey(config.keyEncryptionKey),
      config.region,
      () => events.relay.kick(),
      { clock, rotationDays: config.signingKeyRotationDays },
    );
    // Every region's public keys and revocations: a token of region eu is checked in region us too.
    const publishedKeys = new PublishedKeys(db);
    await publishedKeys.load();
    const revocations = new RevokedTokens(db, config.region, () => events.relay.kick());
    const usedAssertions = new UsedAssertions(db);
    const groupMemberships = new GroupMembershipReplica(db);
    logger.info({ groups: await groupMemberships.load() }, 'group memberships loaded');
    const clientKeys = new ClientKeys();
    // Every session ended (logout, an admin, a credential change) is told to its applications.
    const hostedStores = hostedPageStores(db, (ended) => backChannelLogout.notify(ended));
    // Sign-in tickets from the registration service live in the identity database both share.
    const signInTickets = new SignInTickets(db.client.db(identityDatabaseName(config.region)));
    const issuerOf = (tenant: { slug: string }) => `${config.publicBaseUrl || selfUrl()}/t/${tenant.slug}`;
    const deps = {
      region: config.region,
      tenants,
      applications,
      access,
      groupMemberships,
      keys,
      clock,
      issuerOf,
      publishedKeys,
      revocations,
      policies,
      // Users live in the region's identity database, beside this service's own.
      users: new MongoUserDirectory(db.client.db(identityDatabaseName(config.region)), {
        region: config.region,
        source: `/idaas/${config.region}/authentication`,
      }),
      devices: new MongoKnownDevices(db.client.db(identityDatabaseName(config.region)), {
        region: config.region,
        source: `/idaas/${config.region}/authentication`,
      }),
      mfa: new MongoMfaEnrolments(db.client.db(identityDatabaseName(config.region)), {
        region: config.region,
        source: `/idaas/${config.region}/authentication`,
        kek: parseKeyEncryptionKey(config.keyEncryptionKey),
      }),
      codes: new MongoAuthorizationCodes(db),
      refreshTokens: new RefreshTokenStore(db),
      deviceAuthorizations: hostedStores.deviceAuthorizations,
      clientAssertions: (tenant: TenantView) => ({
        // RFC 9126 section 2: the PAR endpoint's URL identifies us as an audience too.
        // RFC 8628 section 3.1 authenticates clients as the token endpoint does, so its URL too.
        audiences: [
          issuerOf(tenant),
          `${issuerOf(tenant)}/oauth2/token`,
          `${issuerOf(tenant)}/oauth2/par`,
          `${issuerOf(tenant)}/oauth2/device_authorization`,
        ],
        keys: clientKeys,
        used: usedAssertions,
      }),
      authorize: (req: Parameters<typeof authorizeAdmin>[1], need: Parameters<typeof authorizeAdmin>[2]) =>
        authorizeAdmin(
          // The system tenant is the one the management plane bootstraps with the slug `system`.
          { keys: publishedKeys, clock, systemTenantId: () => tenants.findBySlug('system')?.tenantId },
          req,
          need,
        ),
    };
    const backChannelLogout = new BackChannelLogout({ ...deps, logger });
    const passkeys = new MongoWebAuthnCredentials(db.client.db(identityDatabaseName(config.region)));
    const mfaChanges = new MongoMfaChanges(db.client.db(identityDatabaseName(config.region)), {
      region: config.region,
      source: `/idaas/${config.region}/authentication`,
    });
    // Every removal of second factors (account page, admin reset) decides and tells it in one place.
    const secondFactors = new SecondFactorRemoval({
      mfa: deps.mfa,
      passkeys,
      changes: mfaChanges,
      devices: deps.devices,
    });
    let stopFeeds: (() => Promise<void>) | undefined;
    let stopHousekeeping: (() => void) | undefined;
    return {
      routes: [
        metadataRoute(deps),
        openidConfigurationRoute(deps),
        jwksRoute(deps),
        tokenRoute(deps),
        parRoute({ ...deps, pushedRequests: hostedStores.pushedRequests }),
        deviceAuthorizationRoute(deps),
        ...userinfoRoute(deps),
        ...meSessionRoutes({ ...deps, sessions: hostedStores.sessions }),
        ...meRememberedDeviceRoutes({ ...deps, sessions: hostedStores.sessions }),
        introspectRoute(deps),
        revokeRoute(deps),
        rotateSigningKeysRoute(deps),
        ...adminMfaRoutes(deps),
        ...adminMfaResetRoutes({ ...deps, secondFactors, sessions: hostedStores.sessions }),
        ...hostedPageRoutes({
          ...deps,
          branding,
          ...hostedStores,
          signInTickets,
          countries: new MongoSignInCountries(db.client.db(identityDatabaseName(config.region))),
          signIns: new MongoCompletedSignIns(db.client.db(identityDatabaseName(config.region)), {
            region: config.region,
            source: `/idaas/${config.region}/authentication`,
          }),
          mfaChanges,
          secondFactors,
          trustedCountryHeader: config.trustedCountryHeader,
          passkeys,
          messages: {
            region: config.region,
            source: `/idaas/${config.region}/authentication`,
            sealingKey: parseKeyEncryptionKey(config.messageSealingKey),
          },
          signUpUrlOf: (tenant) =>
            `${config.signUpBaseUrl || config.publicBaseUrl || selfUrl()}/t/${tenant.slug}/signup`,
          recoveryUrlOf: (tenant) =>
            `${config.recoveryBaseUrl || config.publicBaseUrl || selfUrl()}/t/${tenant.slug}/recovery`,
        }),
      ],
      start: async () => {
        const sub = await events.bus.subscribe({
          groupId: `${config.region}.authentication.token-validation`,
          topics: [Topics.keys, ...config.regions.map((r) => Topics.auth(r))],
          handlers: { ...publishedKeys.handlers(), ...revocations.handlers() },
        });
        // A password recovered or changed in the lifecycle service ends the user's sessions here.
        const credentials = await events.bus.subscribe({
          groupId: `${config.region}.authentication.credentials-revocation`,
          topics: [Topics.user(config.region)],
          handlers: {
            ...credentialsRevocationHandlers({ ...deps, sessions: hostedStores.sessions }),
            ...userStateRevocationHandlers({ ...deps, sessions: hostedStores.sessions }),
          },
        });
        // SCIM groups live in the lifecycle service; their members reach the tokens issued here.
        const memberships = await events.bus.subscribe({
          groupId: `${config.region}.authentication.group-memberships`,
          topics: [Topics.user(config.region)],
          handlers: groupMemberships.handlers(),
        });
        stopFeeds = async () => {
          await memberships.stop();
          await credentials.stop();
          await sub.stop();
        };
        stopHousekeeping = startHousekeeping(
          [
            { name: 'remove expired signing keys', run: () => keys.removeExpiredKeys() },
            ...sweepTasks(
              {
                'revoked-token records': revocations,
                'used client assertions': usedAssertions,
                'authorization codes': deps.codes,
                'login flows': hostedStores.flows,
                'SSO sessions': hostedStores.sessions,
                'sign-in tickets': signInTickets,
                'emailed sign-in codes': hostedStores.emailCodes,
                'WebAuthn challenges': hostedStores.webauthnChallenges,
                'pending authenticator app keys': deps.mfa,
                'pushed authorization requests': hostedStores.pushedRequests,
                'device authorization requests': hostedStores.deviceAuthorizations,
                'wrong user code counts': hostedStores.userCodeAttempts,
              },
              clock,
            ),
          ],
          (task, err) => logger.warn({ err, task }, 'housekeeping failed; retrying on the next tick'),
        );
      },
      stop: async () => {
        stopHousekeeping?.();
        await stopFeeds?.();
      },
    };
  },
});

export const main = (options?: BootOptions) => bootService(authenticationService, options);

if (require.main === module) {
  main({ handleSignals: true }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
