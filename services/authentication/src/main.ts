import { parseKeyEncryptionKey } from '@idaas/crypto';
import { bootService, regionalService, type BootOptions } from '@idaas/runtime';
import { jwksRoute } from './actions/jwks';
import { metadataRoute } from './actions/metadata';
import { tokenRoute } from './actions/token';
import { authenticationSettings } from './settings';
import { SIGNING_KEYS, SigningKeyStore, signingKeyIndexes } from './store/signing-key-store';

const { keyEncryptionKey, publicBaseUrl } = authenticationSettings;

/** The key manager of one region (REGION): OAuth 2.0 / OpenID Connect endpoints per tenant. */
export const authenticationService = regionalService({
  name: 'authentication',
  title: 'IDaaS authentication (region key manager: OpenID Connect provider, tokens, keys)',
  settings: { keyEncryptionKey, publicBaseUrl },
  outboxCollections: [SIGNING_KEYS],
  indexes: signingKeyIndexes,
  build: async ({ config, db, events, clock, selfUrl, tenants, applications, access }) => {
    const keys = new SigningKeyStore(db, parseKeyEncryptionKey(config.keyEncryptionKey), config.region, () =>
      events.relay.kick(),
    );
    const deps = {
      region: config.region,
      tenants,
      applications,
      access,
      keys,
      clock,
      issuerOf: (tenant: { slug: string }) => `${config.publicBaseUrl || selfUrl()}/t/${tenant.slug}`,
    };
    return { routes: [metadataRoute(deps), jwksRoute(deps), tokenRoute(deps)] };
  },
});

export const main = (options?: BootOptions) => bootService(authenticationService, options);

if (require.main === module) {
  main({ handleSignals: true }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
