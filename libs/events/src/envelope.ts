import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * CloudEvents 1.0 structured-mode envelope. `tenantid` and `region` are extension attributes
 * (lowercase alphanumerics, as the spec requires for extension names).
 * https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md
 */
export const cloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().regex(/^idaas\.[a-z0-9_.]+\.v[0-9]+$/, 'must look like idaas.<context>.<name>.v<N>'),
  subject: z.string().min(1),
  time: z.string().datetime({ offset: true }),
  datacontenttype: z.literal('application/json'),
  tenantid: z.string().min(1),
  region: z.string().min(1).optional(),
  data: z.unknown(),
});

export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  /** The aggregate id; also the Kafka key, so one aggregate's events stay in order. */
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  tenantid: string;
  region?: string;
  data: T;
}

export interface EventOrigin {
  /** URI-reference of the producing service, e.g. `/idaas/tenant` or `/idaas/eu/authentication`. */
  source: string;
  tenantId: string;
  region?: string;
  now?: Date;
}

export function envelope<T>(type: string, subject: string, data: T, origin: EventOrigin): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: origin.source,
    type,
    subject,
    time: (origin.now ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    tenantid: origin.tenantId,
    ...(origin.region ? { region: origin.region } : {}),
    data,
  };
}

/**
 * The Kafka key of an event: its aggregate kind (the type's second segment, `tenant` in
 * `idaas.tenant.updated.v1`) and its subject. One aggregate's events share a partition, so they
 * stay in order; and because config events carry whole snapshots, the compacted config topic
 * keeps exactly the latest snapshot of every aggregate: a new region replays only that.
 */
export function aggregateKey(event: Pick<CloudEvent, 'type' | 'subject'>): string {
  return `${event.type.split('.')[1] ?? event.type}:${event.subject}`;
}
