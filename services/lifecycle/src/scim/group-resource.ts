import { z } from 'zod';
import type { AttributeMap } from './filter/to-query';
import { etagOf, GROUP_SCHEMA } from './schemas';

/** Members per group: the whole group travels as one event, which has to stay well under Kafka's 1 MB. */
export const MAX_MEMBERS = 5000;

/** A tenant's group of users; its id is what role assignments name (`grantsFor(..., {groupIds})`). */
export interface Group {
  groupId: string;
  tenantId: string;
  displayName: string;
  memberIds: string[];
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const GROUP_ATTRIBUTES: AttributeMap = {
  id: { field: '_id', type: 'string', caseExact: true },
  displayname: { field: 'displayName', type: 'string' },
  // Member ids are UUIDs as we issued them: exact, lower-cased.
  'members.value': { field: 'memberIds', type: 'string', normalize: (v) => v.trim().toLowerCase() },
  'meta.created': { field: 'createdAt', type: 'dateTime' },
  'meta.lastmodified': { field: 'updatedAt', type: 'dateTime' },
};

export function toScimGroup(group: Group, location: string, userLocation: (userId: string) => string) {
  return {
    schemas: [GROUP_SCHEMA],
    id: group.groupId,
    displayName: group.displayName,
    members: group.memberIds.map((value) => ({ value, type: 'User', $ref: userLocation(value) })),
    meta: {
      resourceType: 'Group',
      created: group.createdAt.toISOString(),
      lastModified: group.updatedAt.toISOString(),
      location,
      version: etagOf(group.version),
    },
  };
}

export const scimGroupInput = z.object({
  schemas: z.array(z.string()).refine((s) => s.includes(GROUP_SCHEMA), `must include ${GROUP_SCHEMA}`),
  displayName: z.string().trim().min(1).max(200),
  members: z
    .array(z.object({ value: z.string().trim().toLowerCase().uuid(), type: z.string().optional() }))
    .max(MAX_MEMBERS)
    .default([]),
});

export type ScimGroupInput = z.output<typeof scimGroupInput>;

const CANONICAL: Record<string, string> = {
  schemas: 'schemas',
  displayname: 'displayName',
  members: 'members',
  value: 'value',
  type: 'type',
};

/** Attribute names are case-insensitive (RFC 7643 section 2.1). */
export function canonicalGroupNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalGroupNames);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [CANONICAL[k.toLowerCase()] ?? k, canonicalGroupNames(v)]),
  );
}
