import type { Filter } from './filter/filter';
import { matches } from './filter/matches';
import { parseFilter } from './filter/parse-filter';
import { invalidPath, invalidValue, noTarget, ScimProblem } from './scim-problem';

/** One operation of a PATCH request (RFC 7644 section 3.5.2); `op` is case-insensitive. */
export interface PatchOperation {
  op: string;
  path?: string;
  value?: unknown;
}

/** `attr`, `attr.sub`, `attr[filter]` or `attr[filter].sub`, lower-cased, schema URN removed. */
export interface PatchPath {
  attribute: string;
  subAttribute?: string;
  filter?: Filter;
}

type Json = Record<string, unknown>;

/** Set by the server only; a PATCH naming them is refused. */
const READ_ONLY = new Set(['id', 'meta', 'schemas']);
const NAME = /^[A-Za-z][\w$-]*$/;

/**
 * Parses a PATCH `path` (RFC 7644 section 3.5.2, `PATH = attrPath / valuePath [subAttr]`).
 * https://www.rfc-editor.org/rfc/rfc7644#section-3.5.2
 */
export function parsePatchPath(text: string): PatchPath {
  const open = text.indexOf('[');
  const head = withoutSchema(open === -1 ? text : text.slice(0, open));
  if (open === -1) {
    const [attribute, subAttribute, ...rest] = head.split('.');
    if (
      !attribute ||
      !NAME.test(attribute) ||
      rest.length > 0 ||
      (subAttribute !== undefined && !NAME.test(subAttribute))
    )
      throw invalidPath(`'${text}' is not an attribute path.`);
    return {
      attribute: attribute.toLowerCase(),
      ...(subAttribute ? { subAttribute: subAttribute.toLowerCase() } : {}),
    };
  }
  const close = text.lastIndexOf(']');
  const tail = text.slice(close + 1);
  if (close < open || !NAME.test(head) || (tail !== '' && !/^\.[A-Za-z][\w$-]*$/.test(tail)))
    throw invalidPath(`'${text}' is not an attribute path.`);
  let filter: Filter;
  try {
    filter = parseFilter(text.slice(open + 1, close));
  } catch (e) {
    throw e instanceof ScimProblem ? invalidPath(`In '${text}': ${e.message}`) : e;
  }
  return {
    attribute: head.toLowerCase(),
    filter,
    ...(tail ? { subAttribute: tail.slice(1).toLowerCase() } : {}),
  };
}

/** `urn:ietf:params:scim:schemas:core:2.0:User:name.givenName` → `name.givenName`. */
function withoutSchema(path: string): string {
  return path.startsWith('urn:') ? path.slice(path.lastIndexOf(':') + 1) : path;
}

/**
 * Applies PATCH operations, in order, to a copy of a resource's JSON. The caller validates the
 * result like a PUT body, so a PATCH can produce nothing a PUT could not. `readOnlySchemas` are
 * schema extensions whose attributes are all `readOnly`: a path into one is refused like `id`.
 */
export function applyPatch(
  resource: Json,
  operations: readonly PatchOperation[],
  readOnlySchemas: readonly string[] = [],
): Json {
  const result = structuredClone(resource);
  const writable = (path: string) => {
    assertNotReadOnlySchema(path, readOnlySchemas);
    return parsePatchPath(path);
  };
  for (const operation of operations) {
    const op = operation.op.toLowerCase();
    if (op !== 'add' && op !== 'replace' && op !== 'remove')
      throw new ScimProblem(
        400,
        'invalidSyntax',
        `Unknown PATCH op '${operation.op}'; use add, replace or remove.`,
      );
    if (operation.path === undefined) {
      if (op === 'remove') throw noTarget('remove needs a path.');
      if (!isObject(operation.value)) throw invalidValue(`${op} without a path needs an object value.`);
      for (const [key, value] of Object.entries(operation.value)) apply(result, op, writable(key), value);
    } else {
      if (op !== 'remove' && operation.value === undefined) throw invalidValue(`${op} needs a value.`);
      apply(result, op, writable(operation.path), operation.value);
    }
  }
  return result;
}

/**
 * A path naming a read-only extension (`urn:...:User`) or one of its attributes
 * (`urn:...:User:enrolments`) is a `mutability` error, as for `id` and `meta`
 * (RFC 7644 section 3.5.2: "attempts to modify a read-only attribute").
 */
function assertNotReadOnlySchema(path: string, readOnlySchemas: readonly string[]): void {
  const name = path.trim().toLowerCase();
  const schema = readOnlySchemas.find(
    (s) => name === s.toLowerCase() || name.startsWith(`${s.toLowerCase()}:`),
  );
  if (schema !== undefined)
    throw new ScimProblem(400, 'mutability', `The attributes of ${schema} are read-only.`);
}

function apply(target: Json, op: 'add' | 'replace' | 'remove', path: PatchPath, value: unknown): void {
  if (READ_ONLY.has(path.attribute))
    throw new ScimProblem(400, 'mutability', `${path.attribute} is set by the server and cannot be changed.`);
  const key = keyOf(target, path.attribute);
  if (path.filter) return applyFiltered(target, key, op, path, value);
  if (path.subAttribute) {
    const parent = target[key];
    if (Array.isArray(parent))
      throw invalidPath(`${path.attribute} has many values: select them with ${path.attribute}[...].`);
    if (op === 'remove') {
      if (isObject(parent)) delete parent[keyOf(parent, path.subAttribute)];
      return;
    }
    const container: Json = isObject(parent) ? parent : {};
    container[keyOf(container, path.subAttribute)] = value;
    target[key] = container;
    return;
  }
  const current = target[key];
  if (op === 'remove') {
    if (Array.isArray(current) && value !== undefined) {
      // Azure AD style: remove `members` with the values to drop, instead of a filter.
      const drop = (Array.isArray(value) ? value : [value]).map(identity);
      target[key] = current.filter((item) => !drop.includes(identity(item)));
    } else {
      delete target[key];
    }
    return;
  }
  if (Array.isArray(current) && op === 'add') {
    const added = Array.isArray(value) ? value : [value];
    const known = new Set(current.map(identity));
    target[key] = [...current, ...added.filter((item) => !known.has(identity(item)))];
  } else if (isObject(current) && isObject(value)) {
    // A complex attribute takes the given sub-attributes; the others stay (RFC 7644 3.5.2.1, 3.5.2.3).
    for (const [sub, v] of Object.entries(value)) current[keyOf(current, sub)] = v;
  } else {
    target[key] = value;
  }
}

function applyFiltered(
  target: Json,
  key: string,
  op: 'add' | 'replace' | 'remove',
  path: PatchPath,
  value: unknown,
): void {
  const list = target[key];
  const items = Array.isArray(list) ? list : [];
  const hit = (item: unknown) => matches(path.filter!, item);
  if (op === 'remove') {
    if (path.subAttribute) {
      for (const item of items.filter(hit)) if (isObject(item)) delete item[keyOf(item, path.subAttribute)];
    } else {
      target[key] = items.filter((item) => !hit(item));
    }
    return;
  }
  if (!items.some(hit)) throw noTarget(`No value of ${path.attribute} matches the filter.`);
  if (!path.subAttribute && op === 'add')
    throw invalidPath(`add to ${path.attribute}[...] needs a sub-attribute.`);
  target[key] = items.map((item) => {
    if (!hit(item)) return item;
    if (!path.subAttribute) return value;
    const copy: Json = isObject(item) ? { ...item } : {};
    copy[keyOf(copy, path.subAttribute)] = value;
    return copy;
  });
}

/** The existing key with this name in any case, or the name itself. */
function keyOf(object: Json, lowerName: string): string {
  return Object.keys(object).find((k) => k.toLowerCase() === lowerName.toLowerCase()) ?? lowerName;
}

/** Multi-valued items are the same when their `value` is (members, emails), else when equal as JSON. */
function identity(item: unknown): string {
  if (isObject(item)) {
    const v = item[keyOf(item, 'value')];
    if (typeof v === 'string') return `value:${v.toLowerCase()}`;
  }
  return JSON.stringify(item);
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
