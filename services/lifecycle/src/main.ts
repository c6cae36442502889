import { bootService, regionalService, type BootOptions } from '@idaas/runtime';

/** The lifecycle service of one region (REGION): user lifecycle, lockout, recovery, SCIM 2.0, /me. */
export const lifecycleService = regionalService({
  name: 'lifecycle',
  title: 'IDaaS lifecycle (user lifecycle, lockout, recovery, SCIM 2.0, /me)',
});

export const main = (options?: BootOptions) => bootService(lifecycleService, options);

if (require.main === module) {
  main({ handleSignals: true }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
