import { randomBytes } from 'node:crypto';
import { catalog, connectEventBackbone, Topics, type CloudEvent, type EventHandler } from '@idaas/events';
import { connectDatabase } from '@idaas/store';
import { quietLogger } from './backbone';
import { eventually } from './wait';

/**
 * Records every event of a region's user topic from the beginning, as an integrator's consumer
 * would see them: what a suite asserts here has really left the service through the broker.
 */
export async function recordUserTopic(region: string, topicPrefix: string) {
  const id = randomBytes(4).toString('hex');
  const database = await connectDatabase(process.env.MONGODB_URI ?? '', `recorder_${region}_${id}`);
  const events = await connectEventBackbone({
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    clientId: `recorder-${region}-${id}`,
    db: database.db,
    logger: quietLogger,
    outboxCollections: [],
    regions: [region],
    topicPrefix,
  });
  const seen: CloudEvent[] = [];
  const record: EventHandler = async ({ event }) => {
    seen.push(event);
  };
  const handlers = Object.fromEntries(
    catalog
      .all()
      .filter((t) => t.stream === 'user')
      .map((t) => [t.type, record]),
  );
  await events.bus.subscribe({ groupId: `recorder-${id}`, topics: [Topics.user(region)], handlers });
  return {
    /** The events about one aggregate (a user), in the order the broker delivered them. */
    of: (subject: string) => seen.filter((e) => e.subject === subject),
    /** The events of one type about one aggregate, once at least `count` of them have arrived. */
    async awaitOf(subject: string, type: string, count: number): Promise<CloudEvent[]> {
      const ofType = () => seen.filter((e) => e.subject === subject && e.type === type);
      await eventually(async () => ofType().length >= count, {
        what: `${count} ${type} event(s) about ${subject} on the user topic`,
      });
      return ofType();
    },
    async close() {
      await events.close();
      await database.close();
    },
  };
}
