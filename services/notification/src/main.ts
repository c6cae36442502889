import { messageSealingSettings, webhookSettings } from '@idaas/config';
import { bootService, regionalService, type BootOptions } from '@idaas/runtime';
import { emailNotifications, emailRecordIndexes, emailSettings } from './email';
import { webhookDelivery, webhookDeliveryIndexes, webhookDeliverySettings } from './webhooks';

/** The notification service of one region (REGION): email and signed webhooks. */
export const notificationService = regionalService({
  name: 'notification',
  title: 'IDaaS notification (email and signed webhooks)',
  // WEBHOOK_SECRET_KEY: unseals the signing secrets of the replicated webhook subscriptions.
  // SMTP_URL, SMTP_FROM: the relay email is handed to.
  // MESSAGE_SEALING_KEY: unseals the codes and links of the notify topic's message requests.
  settings: { ...webhookSettings, ...emailSettings, ...webhookDeliverySettings, ...messageSealingSettings },
  indexes: [...emailRecordIndexes, ...webhookDeliveryIndexes],
  build: async (ctx) => {
    const email = emailNotifications({ ...ctx, bus: ctx.events.bus });
    const webhooks = await webhookDelivery(ctx);
    return {
      routes: [...webhooks.routes],
      start: async () => {
        await email.start();
        await webhooks.start();
      },
      stop: async () => {
        await webhooks.stop();
        await email.stop();
      },
    };
  },
});

export const main = (options?: BootOptions) => bootService(notificationService, options);

if (require.main === module) {
  main({ handleSignals: true }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
