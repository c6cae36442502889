import { argon2PasswordHasher, parseKeyEncryptionKey } from '@idaas/crypto';
import { Topics } from '@idaas/events';
import { authorizeAdmin } from '@idaas/http';
import { PublishedKeys } from '@idaas/replica';
import { bootService, regionalService, type BootOptions } from '@idaas/runtime';
import { ensureIndexes } from '@idaas/store';
import {
  identityDatabaseName,
  MongoKnownDevices,
  MongoMfaChanges,
  MongoMfaEnrolments,
  MongoUserDirectory,
  MongoWebAuthnCredentials,
  SecondFactorRemoval,
  userStoreIndexes,
} from '@idaas/user-store';
import { adminUserRoutes } from './actions/admin-users';
import { meRoutes } from './actions/me';
import { meMfaRoutes } from './actions/me-mfa';
import { recoveryApiRoutes } from './actions/recovery-api';
import { recoveryPageRoutes } from './actions/recovery-pages';
import { scimDiscoveryRoutes } from './actions/scim-discovery';
import { scimGroupRoutes } from './actions/scim-groups';
import { scimUserRoutes } from './actions/scim-users';
import { userImportRoutes } from './actions/user-import';
import type { LifecycleDeps } from './deps';
import { startIdleSuspension } from './lifecycle/idle-suspension-job';
import { UserLifecycle } from './lifecycle/user-lifecycle';
import { PasswordRecovery } from './recovery/password-recovery';
import { RecoveryLimiter } from './recovery/recovery-limiter';
import { PASSWORD_RECOVERIES, recoveryIndexes, RecoveryStore } from './recovery/recovery-store';
import { lifecycleSettings } from './settings';
import { GroupStore, groupStoreIndexes, SCIM_GROUPS } from './store/group-store';
import { MongoImportJobs } from './import/mongo-import-jobs';
import { UserBatchWriter } from './import/user-batch-writer';

/** The lifecycle service of one region (REGION): user lifecycle, lockout, recovery, SCIM 2.0, /me. */
export const lifecycleService = regionalService({
  name: 'lifecycle',
  title: 'IDaaS lifecycle (user lifecycle, lockout, recovery, SCIM 2.0, /me)',
  outboxCollections: [SCIM_GROUPS, PASSWORD_RECOVERIES],
  indexes: [...groupStoreIndexes, ...recoveryIndexes],
  settings: lifecycleSettings,
  build: async ({ config, db, events, clock, selfUrl, tenants, policies, branding, logger }) => {
    const source = `/idaas/${config.region}/lifecycle`;
    // Users live in the region's identity database, beside this service's own.
    const identityDb = db.client.db(identityDatabaseName(config.region));
    await ensureIndexes(identityDb, userStoreIndexes);
    // Admin tokens are checked against the keys every region published, as on the management plane.
    const publishedKeys = new PublishedKeys(db);
    await publishedKeys.load();
    const users = new MongoUserDirectory(identityDb, { region: config.region, source });
    // Issuing recovery codes and removing factors seal nothing and open nothing: no key is needed.
    const mfa = new MongoMfaEnrolments(identityDb, { region: config.region, source, kek: Buffer.alloc(32) });
    const mfaChanges = new MongoMfaChanges(identityDb, { region: config.region, source });
    const deps: LifecycleDeps = {
      region: config.region,
      clock,
      tenants,
      users,
      lifecycle: new UserLifecycle(users, clock),
      policies,
      branding,
      accessTokenKeys: (kid) => publishedKeys.trusted(kid),
      mfa,
      secondFactors: new SecondFactorRemoval({
        mfa,
        passkeys: new MongoWebAuthnCredentials(identityDb),
        changes: mfaChanges,
        devices: new MongoKnownDevices(identityDb, { region: config.region, source }),
      }),
      recoveryCodes: mfa,
      mfaChanges,
      recovery: new PasswordRecovery({
        users,
        recoveries: new RecoveryStore(db),
        limiter: new RecoveryLimiter(db),
        messages: {
          region: config.region,
          source,
          sealingKey: parseKeyEncryptionKey(config.messageSealingKey),
        },
        publicBaseUrl: () => config.recoveryBaseUrl || selfUrl(),
        clock,
      }),
      groups: new GroupStore(db, { region: config.region, source }),
      authorize: (req, need) =>
        authorizeAdmin(
          // The system tenant is the one the management plane bootstraps with the slug `system`.
          { keys: publishedKeys, clock, systemTenantId: () => tenants.findBySlug('system')?.tenantId },
          req,
          need,
        ),
      baseUrl: () => selfUrl(),
    };
    const imports = {
      jobs: new MongoImportJobs(db),
      users: new UserBatchWriter(identityDb, { region: config.region, source }),
      hasher: argon2PasswordHasher,
    };
    let stopKeys: (() => Promise<void>) | undefined;
    let stopIdleSuspension: (() => void) | undefined;
    return {
      routes: [
        ...userImportRoutes(deps, imports),
        ...adminUserRoutes(deps),
        ...recoveryApiRoutes(deps),
        ...recoveryPageRoutes(deps),
        ...meRoutes(deps),
        ...meMfaRoutes(deps),
        ...scimUserRoutes(deps),
        ...scimGroupRoutes(deps),
        ...scimDiscoveryRoutes(deps),
      ],
      start: async () => {
        const sub = await events.bus.subscribe({
          groupId: `${config.region}.lifecycle.published-keys`,
          topics: [Topics.keys],
          handlers: publishedKeys.handlers(),
        });
        stopKeys = () => sub.stop();
        stopIdleSuspension = startIdleSuspension(
          {
            region: config.region,
            tenants,
            idleDaysOf: (tenantId) =>
              policies.effectiveFor(tenantId, '').policy.lifecycle?.idleSuspensionDays ?? 0,
            users,
            lifecycle: deps.lifecycle,
            clock,
          },
          config.idleSuspensionIntervalSeconds,
          logger,
        );
      },
      stop: async () => {
        stopIdleSuspension?.();
        await stopKeys?.();
      },
    };
  },
});

export const main = (options?: BootOptions) => bootService(lifecycleService, options);

if (require.main === module) {
  main({ handleSignals: true }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
