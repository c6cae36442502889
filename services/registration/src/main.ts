import { bootService, regionalService, type BootOptions } from '@idaas/runtime';

/** The registration service of one region (REGION): sign-up, email verification, invitations. */
export const registrationService = regionalService({
  name: 'registration',
  title: 'IDaaS registration (sign-up, email verification, invitations)',
});

export const main = (options?: BootOptions) => bootService(registrationService, options);

if (require.main === module) {
  main({ handleSignals: true }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
