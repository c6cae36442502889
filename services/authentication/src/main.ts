import { bootService, regionalService, type BootOptions } from '@idaas/runtime';

/** The authentication service of one region (REGION): region key manager: OpenID Connect provider, hosted login, sessions, tokens. */
export const authenticationService = regionalService({
  name: 'authentication',
  title: 'IDaaS authentication (region key manager: OpenID Connect provider, hosted login, sessions, tokens)',
});

export const main = (options?: BootOptions) => bootService(authenticationService, options);

if (require.main === module) {
  main({ handleSignals: true }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
