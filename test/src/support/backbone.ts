import pino from 'pino';
import { connectEventBackbone } from '@idaas/events';
import { connectDatabase } from '@idaas/store';

export const quietLogger = pino({ level: process.env.BACKBONE_LOG_LEVEL ?? 'error' });

/** The event backbone of one pretend service, for suites that test it below the service level. */
export async function backboneFor(
  region: string,
  dbName: string,
  outboxCollections: string[] = [],
  /** The stack's topic prefix, to publish where a suite's services consume. */
  topicPrefix?: string,
) {
  const database = await connectDatabase(process.env.MONGODB_URI ?? '', dbName);
  const events = await connectEventBackbone({
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    clientId: `test-${region}`,
    db: database.db,
    logger: quietLogger,
    outboxCollections,
    regions: [region],
    ...(topicPrefix === undefined ? {} : { topicPrefix }),
  });
  return {
    db: database.db,
    events,
    async close() {
      await events.close();
      await database.close();
    },
  };
}
