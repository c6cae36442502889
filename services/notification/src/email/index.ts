import type { Db } from 'mongodb';
import { parseKeyEncryptionKey } from '@idaas/crypto';
import { Topics, type EventBus } from '@idaas/events';
import type { BrandingReplica, TenantReplica } from '@idaas/replica';
import type { Logger } from '@idaas/telemetry';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { emailHandlers, type EmailDeliveryDeps } from './email-delivery';
import { EmailRecords, emailRecordIndexes } from './email-records';
import { EmailSender } from './email-sender';
import { messageRequestHandlers } from './message-requests';
import { smtpMailer } from './smtp-mailer';

export { emailSettings } from './settings';
export { emailRecordIndexes };

export interface EmailContext {
  config: { region: string; smtpUrl: string; smtpFrom: string; messageSealingKey: string };
  db: Db;
  bus: EventBus;
  logger: Logger;
  clock: () => Date;
  tenants: TenantReplica;
  branding: BrandingReplica;
}

/**
 * Email of one region: a consumer of the region's user topic and notify topic (message requests
 * with sealed codes and links) that records the emails they call for, and a sender that hands them
 * to the SMTP relay.
 */
export function emailNotifications(ctx: EmailContext) {
  const { config, db, logger, clock, tenants, branding } = ctx;
  const records = new EmailRecords(db);
  const mailer = smtpMailer(config.smtpUrl, config.smtpFrom);
  const sender = new EmailSender({ records, mailer, logger, clock });
  // Users live in the region's identity database, beside this service's own.
  const users = new MongoUserDirectory(db.client.db(identityDatabaseName(config.region)), {
    region: config.region,
    source: `/idaas/${config.region}/notification`,
  });
  const delivery: EmailDeliveryDeps = {
    records,
    findUser: (tenantId, userId) => users.findById(tenantId, userId),
    tenantLook: (tenantId) => {
      const tenant = tenants.findById(tenantId);
      if (!tenant || tenant.status === 'deleted') return undefined;
      return {
        displayName: tenant.displayName,
        branding: branding.brandingOf(tenantId),
        templateFor: (kind, locale) => branding.templateFor(tenantId, kind, locale),
      };
    },
    from: config.smtpFrom,
    logger,
    clock,
    recorded: () => sender.kick(),
  };
  const sealingKey = parseKeyEncryptionKey(config.messageSealingKey);
  let stopConsumer: (() => Promise<void>) | undefined;
  return {
    async start() {
      sender.start();
      const sub = await ctx.bus.subscribe({
        groupId: `${config.region}.notification.email`,
        topics: [Topics.user(config.region), Topics.notify(config.region)],
        handlers: { ...emailHandlers(delivery), ...messageRequestHandlers({ ...delivery, sealingKey }) },
      });
      stopConsumer = () => sub.stop();
    },
    async stop() {
      await stopConsumer?.();
      await sender.stop();
      mailer.close();
    },
  };
}
