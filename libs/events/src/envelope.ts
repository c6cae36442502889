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
