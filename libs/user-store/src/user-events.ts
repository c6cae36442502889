import { outboxRecords, type CloudEvent, type OutboxRecord } from '@idaas/events';

/** Where the directory's events come from: the region they stay in, and the writing service. */
export interface EventSource {
  region: string;
  /** URI-reference of the writer, e.g. `/idaas/eu/authentication`. */
  source: string;
}

export const origin = (from: EventSource, tenantId: string, now: Date) => ({
  source: from.source,
  tenantId,
  region: from.region,
  now,
});

/** User events go to the region's user topic, never to the global config topic (data residency). */
export const userRecords = (events: CloudEvent[]): OutboxRecord[] =>
  outboxRecords(events.map((event) => ({ event, stream: 'user' as const })));
