import { invalidFilter } from '../scim-problem';
import type { AttributePath, CompareOp, Filter, FilterValue } from './filter';

/** A MongoDB query document, built as plain data so the translation needs no driver. */
export type Query = Record<string, unknown>;

/**
 * How one SCIM attribute is stored. `caseExact: false` (the SCIM default for strings) compares
 * case-insensitively; `normalize` maps a value to its stored form instead (emails are stored
 * lower-cased). `translate` replaces the generic rules for attributes that are derived (`active`).
 */
export interface AttributeSpec {
  field: string;
  type: 'string' | 'dateTime' | 'boolean';
  caseExact?: boolean;
  normalize?: (value: string) => string;
  translate?: (op: CompareOp | 'pr', value: FilterValue) => Query;
}

/** Lower-cased attribute path → storage; the attributes a resource type can be filtered by. */
export type AttributeMap = Readonly<Record<string, AttributeSpec>>;

/**
 * Translates a parsed filter into a MongoDB query over the resource's collection. Unknown
 * attributes, and operators or values an attribute's type does not allow, are `invalidFilter`.
 */
export function toQuery(filter: Filter, attributes: AttributeMap, schemas: readonly string[]): Query {
  switch (filter.kind) {
    case 'and':
      return {
        $and: [toQuery(filter.left, attributes, schemas), toQuery(filter.right, attributes, schemas)],
      };
    case 'or':
      return { $or: [toQuery(filter.left, attributes, schemas), toQuery(filter.right, attributes, schemas)] };
    case 'not':
      return { $nor: [toQuery(filter.filter, attributes, schemas)] };
    case 'present': {
      const spec = attributeOf(filter.path, attributes, schemas);
      if (spec.translate) return spec.translate('pr', null);
      return { [spec.field]: { $exists: true, $nin: [null, ''] } };
    }
    case 'compare':
      return compare(attributeOf(filter.path, attributes, schemas), filter.path, filter.op, filter.value);
  }
}

function attributeOf(
  path: AttributePath,
  attributes: AttributeMap,
  schemas: readonly string[],
): AttributeSpec {
  const spec = attributes[path.attribute];
  if (path.schema && !schemas.some((s) => s.toLowerCase() === path.schema!.toLowerCase()))
    throw invalidFilter(`Unknown schema '${path.schema}'.`);
  if (!spec) throw invalidFilter(`Filtering by '${path.attribute}' is not supported.`);
  return spec;
}

function compare(spec: AttributeSpec, path: AttributePath, op: CompareOp, value: FilterValue): Query {
  if (spec.translate) return spec.translate(op, value);
  const name = path.attribute;
  if (value === null) {
    // RFC 7644 3.4.2.2: `eq null` is "has no value"; other operators have no meaning with null.
    if (op === 'eq') return { [spec.field]: { $in: [null, ''] } };
    if (op === 'ne') return { [spec.field]: { $exists: true, $nin: [null, ''] } };
    throw invalidFilter(`'${op}' cannot compare ${name} with null.`);
  }
  switch (spec.type) {
    case 'boolean':
      if (typeof value !== 'boolean' || (op !== 'eq' && op !== 'ne'))
        throw invalidFilter(`${name} is a boolean: use eq or ne with true or false.`);
      return op === 'eq' ? { [spec.field]: value } : { [spec.field]: { $ne: value } };
    case 'dateTime': {
      const when = typeof value === 'string' ? new Date(value) : undefined;
      if (!when || Number.isNaN(when.getTime()))
        throw invalidFilter(`${name} is a dateTime: compare it with a quoted ISO 8601 date.`);
      if (op === 'co' || op === 'sw' || op === 'ew')
        throw invalidFilter(`'${op}' does not apply to the dateTime ${name}.`);
      return ordered(spec.field, op, when);
    }
    case 'string': {
      if (typeof value !== 'string') throw invalidFilter(`${name} is a string: quote the value.`);
      const v = spec.normalize ? spec.normalize(value) : value;
      const insensitive = !spec.caseExact && !spec.normalize;
      switch (op) {
        case 'eq':
        case 'ne': {
          const match = insensitive ? regex(`^${escapeRegex(v)}$`, true) : v;
          return op === 'eq' ? { [spec.field]: match } : { $nor: [{ [spec.field]: match }] };
        }
        case 'co':
          return { [spec.field]: regex(escapeRegex(v), insensitive) };
        case 'sw':
          return { [spec.field]: regex(`^${escapeRegex(v)}`, insensitive) };
        case 'ew':
          return { [spec.field]: regex(`${escapeRegex(v)}$`, insensitive) };
        default:
          return ordered(spec.field, op, v);
      }
    }
  }
}

function ordered(field: string, op: CompareOp, value: string | Date): Query {
  const mongoOp = { eq: '$eq', ne: '$ne', gt: '$gt', ge: '$gte', lt: '$lt', le: '$lte' }[op as string];
  if (!mongoOp) throw invalidFilter(`'${op}' does not apply here.`);
  return { [field]: { [mongoOp]: value } };
}

function regex(pattern: string, insensitive: boolean): Query {
  return insensitive ? { $regex: pattern, $options: 'i' } : { $regex: pattern };
}

/** User input goes into a regular expression as literal text only. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
