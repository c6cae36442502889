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
 * The names of an `attributes` / `excludedAttributes` list (RFC 7644 section 3.9), split between
 * the core schema (URN prefix dropped, lower-cased) and each schema extension the resource carries
 * under its URN (RFC 7643 section 3.3): there the whole extension is `''`, its attributes by name.
 */
function references(list: string | undefined, extensions: readonly string[]) {
  const core: string[] = [];
  const inExtension = new Map<string, string[]>();
  for (const raw of (list ?? '').split(',')) {
    const name = raw.trim().toLowerCase();
    if (!name) continue;
    const extension = extensions.find((e) => name === e || name.startsWith(`${e}:`));
    if (extension === undefined)
      core.push(name.startsWith('urn:') ? name.slice(name.lastIndexOf(':') + 1) : name);
    else
      inExtension.set(extension, [...(inExtension.get(extension) ?? []), name.slice(extension.length + 1)]);
  }
  return { core, inExtension, any: core.length > 0 || inExtension.size > 0 };
}

/** Whether an `attributes` list names the extension `schema` or one of its attributes. */
export function asksForExtension(attributes: string | undefined, schema: string): boolean {
  return references(attributes, [schema.toLowerCase()]).inExtension.size > 0;
}

/**
 * `attributes` / `excludedAttributes` (RFC 7644 section 3.9): top-level names or `parent.sub`,
 * case-insensitive, for resources rendered as JSON; an extension's attributes are named with its
 * URN (`urn:...:User:enrolments`), the whole extension by the URN alone.
 */
export function project(
  resource: Record<string, unknown>,
  attributes?: string,
  excluded?: string,
): Record<string, unknown> {
  const extensions = Object.keys(resource)
    .filter((k) => k.startsWith('urn:'))
    .map((k) => k.toLowerCase());
  const wanted = references(attributes, extensions);
  const dropped = references(excluded, extensions);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    const k = key.toLowerCase();
    if (ALWAYS.has(k)) out[key] = value;
    else if (extensions.includes(k)) {
      const kept = projectExtension(value, wanted.any, wanted.inExtension.get(k), dropped.inExtension.get(k));
      if (kept !== undefined) out[key] = kept;
    } else if (wanted.any) {
      if (wanted.core.includes(k)) out[key] = value;
      else {
        const subs = wanted.core.filter((w) => w.startsWith(`${k}.`)).map((w) => w.slice(k.length + 1));
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
    } else if (!dropped.core.includes(k)) out[key] = value;
  }
  // `schemas` names the extensions the resource carries (RFC 7643 section 3): not those left out.
  if (Array.isArray(out.schemas))
    out.schemas = out.schemas.filter(
      (s) => typeof s !== 'string' || !extensions.includes(s.toLowerCase()) || keyIn(out, s),
    );
  return out;
}

/** An extension's part of the projection; undefined leaves it out. */
function projectExtension(
  value: unknown,
  anyWanted: boolean,
  wanted: string[] | undefined,
  dropped: string[] | undefined,
): unknown {
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (anyWanted) {
    if (!wanted) return undefined;
    if (wanted.includes('') || !isObject) return value;
    const kept = project(value as Record<string, unknown>, wanted.join(','));
    return Object.keys(kept).length > 0 ? kept : undefined;
  }
  if (dropped?.includes('')) return undefined;
  if (!dropped || !isObject) return value;
  const kept = project(value as Record<string, unknown>, undefined, dropped.join(','));
  return Object.keys(kept).length > 0 ? kept : undefined;
}

const keyIn = (object: Record<string, unknown>, name: string) =>
  Object.keys(object).some((k) => k.toLowerCase() === name.toLowerCase());
