import { webhookSettings } from '@idaas/config';
import { bootService, regionalService, type BootOptions } from '@idaas/runtime';

/** The notification service of one region (REGION): email and signed webhooks. */
export const notificationService = regionalService({
  name: 'notification',
  title: 'IDaaS notification (email and signed webhooks)',
  // WEBHOOK_SECRET_KEY: unseals the signing secrets of the replicated webhook subscriptions.
  settings: webhookSettings,
});

export const main = (options?: BootOptions) => bootService(notificationService, options);

if (require.main === module) {
  main({ handleSignals: true }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
