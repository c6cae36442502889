import type { CompareOp, Filter, FilterValue } from './filter';

/**
 * Evaluates a filter against one JSON object in memory: the value filters of PATCH paths, such
 * as `emails[type eq "work"]` or `members[value eq "..."]`. Attribute names match
 * case-insensitively, and so do string values (SCIM's default `caseExact: false`).
 */
export function matches(filter: Filter, item: unknown): boolean {
  switch (filter.kind) {
    case 'and':
      return matches(filter.left, item) && matches(filter.right, item);
    case 'or':
      return matches(filter.left, item) || matches(filter.right, item);
    case 'not':
      return !matches(filter.filter, item);
    case 'present': {
      const v = valueAt(item, lastSegment(filter.path.attribute));
      return v !== undefined && v !== null && v !== '';
    }
    case 'compare':
      return compare(valueAt(item, lastSegment(filter.path.attribute)), filter.op, filter.value);
  }
}

/** Inside `emails[...]` the parser prefixed paths with `emails.`; the element holds the last part. */
function lastSegment(attribute: string): string {
  return attribute.slice(attribute.lastIndexOf('.') + 1);
}

function valueAt(item: unknown, name: string): unknown {
  if (typeof item !== 'object' || item === null) return undefined;
  const key = Object.keys(item).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : (item as Record<string, unknown>)[key];
}

function compare(actual: unknown, op: CompareOp, expected: FilterValue): boolean {
  if (expected === null)
    return op === 'eq' ? actual === undefined || actual === null : actual !== undefined && actual !== null;
  if (typeof expected === 'string' && typeof actual === 'string') {
    const a = actual.toLowerCase();
    const e = expected.toLowerCase();
    switch (op) {
      case 'eq':
        return a === e;
      case 'ne':
        return a !== e;
      case 'co':
        return a.includes(e);
      case 'sw':
        return a.startsWith(e);
      case 'ew':
        return a.endsWith(e);
      case 'gt':
        return a > e;
      case 'ge':
        return a >= e;
      case 'lt':
        return a < e;
      case 'le':
        return a <= e;
    }
  }
  if (op === 'eq') return actual === expected;
  if (op === 'ne') return actual !== expected;
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (op === 'gt') return actual > expected;
    if (op === 'ge') return actual >= expected;
    if (op === 'lt') return actual < expected;
    if (op === 'le') return actual <= expected;
  }
  return false;
}
