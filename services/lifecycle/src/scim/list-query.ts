import { z } from 'zod';
import { parseFilter } from './filter/parse-filter';
import { toQuery, type AttributeMap, type Query } from './filter/to-query';
import { invalidFilter, invalidValue } from './scim-problem';
import { LIST_RESPONSE } from './schemas';

/** The most resources one page returns; ServiceProviderConfig advertises it as filter.maxResults. */
export const MAX_RESULTS = 1000;
export const DEFAULT_COUNT = 100;

/** Query parameters of a list (RFC 7644 sections 3.4.2.2 to 3.4.2.5). */
export const listParameters = z.object({
  filter: z.string().max(2000).optional(),
  // 1-based; "a value less than 1 SHALL be interpreted as 1" (RFC 7644 section 3.4.2.4).
  startIndex: z.coerce.number().int().optional(),
  count: z.coerce.number().int().optional(),
  sortBy: z.string().max(100).optional(),
  sortOrder: z.enum(['ascending', 'descending']).optional(),
  attributes: z.string().max(1000).optional(),
  excludedAttributes: z.string().max(1000).optional(),
});

export type ListParameters = z.output<typeof listParameters>;

export interface ListPlan {
  query: Query;
  sort: Record<string, 1 | -1>;
  skip: number;
  limit: number;
  startIndex: number;
}

/** Turns the parameters into one MongoDB query and page, or a SCIM error naming what is wrong. */
export function planList(
  params: ListParameters,
  attributes: AttributeMap,
  schemas: readonly string[],
): ListPlan {
  const query = params.filter?.trim() ? toQuery(parseFilter(params.filter), attributes, schemas) : {};
  const startIndex = Math.max(1, params.startIndex ?? 1);
  const limit = Math.min(MAX_RESULTS, Math.max(0, params.count ?? DEFAULT_COUNT));
  const direction = params.sortOrder === 'descending' ? -1 : 1;
  let sort: Record<string, 1 | -1> = { createdAt: 1, _id: 1 };
  if (params.sortBy) {
    const spec = attributes[sortAttribute(params.sortBy)];
    if (!spec || spec.translate) throw invalidValue(`Sorting by '${params.sortBy}' is not supported.`);
    // _id breaks ties, so pages do not overlap or skip.
    sort = { [spec.field]: direction, _id: direction };
  }
  return { query, sort, skip: startIndex - 1, limit, startIndex };
}

function sortAttribute(sortBy: string): string {
  const path = sortBy.startsWith('urn:') ? sortBy.slice(sortBy.lastIndexOf(':') + 1) : sortBy;
  if (!/^[A-Za-z][\w$-]*(\.[A-Za-z][\w$-]*)?$/.test(path))
    throw invalidFilter(`'${sortBy}' is not an attribute path.`);
  return path.toLowerCase();
}

/** RFC 7644 section 3.4.2: the ListResponse envelope. */
export function listResponse(resources: unknown[], total: number, startIndex: number) {
  return {
    schemas: [LIST_RESPONSE],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

/** Always returned, whatever `attributes` asks (RFC 7643 section 7, `returned: always`). */
const ALWAYS = new Set(['id', 'schemas', 'meta']);

/**
 * `attributes` / `excludedAttributes` (RFC 7644 section 3.9): top-level names or `parent.sub`,
 * case-insensitive, for resources rendered as JSON.
 */
export function project(
  resource: Record<string, unknown>,
  attributes?: string,
  excluded?: string,
): Record<string, unknown> {
  const names = (list?: string) =>
    (list ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean)
      .map((a) => (a.startsWith('urn:') ? a.slice(a.lastIndexOf(':') + 1) : a).toLowerCase());
  const wanted = names(attributes);
  const dropped = names(excluded);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    const k = key.toLowerCase();
    if (ALWAYS.has(k)) out[key] = value;
    else if (wanted.length > 0) {
      if (wanted.includes(k)) out[key] = value;
      else {
        const subs = wanted.filter((w) => w.startsWith(`${k}.`)).map((w) => w.slice(k.length + 1));
        if (subs.length > 0 && typeof value === 'object' && value !== null && !Array.isArray(value)) {
          out[key] = Object.fromEntries(
            Object.entries(value).filter(([s]) => subs.includes(s.toLowerCase())),
          );
        } else if (subs.length > 0 && Array.isArray(value)) {
          out[key] = value.map((item: unknown) =>
            typeof item === 'object' && item !== null
              ? Object.fromEntries(Object.entries(item).filter(([s]) => subs.includes(s.toLowerCase())))
              : item,
          );
        }
      }
    } else if (!dropped.includes(k)) out[key] = value;
  }
  return out;
}
