import { isDeepStrictEqual } from 'node:util';
import type { JsonSchema } from './json-schema';

/** One incompatible difference, where it is and what changed. */
export interface BreakingChange {
  type: string;
  path: string;
  change: string;
}

const asSchema = (v: unknown): JsonSchema | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonSchema) : undefined;
const asList = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);
const typesOf = (s: JsonSchema): string[] | undefined =>
  typeof s.type === 'string' ? [s.type] : (asList(s.type) as string[] | undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * What a consumer written against `before` would trip over in `after`: a field gone, a field
 * newly required, a type or enum narrowed, a constraint tightened. Additions (optional fields,
 * enum values, wider types) pass. Only the constructs our zod schemas produce are compared.
 */
export function schemaBreaks(before: JsonSchema, after: JsonSchema, path = ''): string[][] {
  const out: string[][] = [];
  const at = (p: string, change: string) => out.push([p || '(root)', change]);

  const oldTypes = typesOf(before);
  const newTypes = typesOf(after);
  if (oldTypes && !newTypes) {
    // Widened to "anything": compatible.
  } else if (!oldTypes && newTypes) {
    at(path, `type narrowed to ${newTypes.join('|')}`);
  } else if (oldTypes && newTypes) {
    const lost = oldTypes.filter(
      (t) => !newTypes.includes(t) && !(t === 'integer' && newTypes.includes('number')),
    );
    if (lost.length > 0) at(path, `type ${oldTypes.join('|')} narrowed to ${newTypes.join('|')}`);
  }

  const oldEnum = asList(before.enum);
  const newEnum = asList(after.enum);
  if (newEnum && !oldEnum && !('const' in before))
    at(path, `narrowed to the values ${JSON.stringify(newEnum)}`);
  if (oldEnum && newEnum) {
    const lost = oldEnum.filter((v) => !newEnum.some((n) => isDeepStrictEqual(n, v)));
    if (lost.length > 0) at(path, `enum values removed: ${JSON.stringify(lost)}`);
  }
  if ('const' in after && !isDeepStrictEqual(before.const, after.const)) {
    const widenedFromEnum = oldEnum?.length === 1 && isDeepStrictEqual(oldEnum[0], after.const);
    if (!widenedFromEnum) at(path, `fixed to ${JSON.stringify(after.const)}`);
  }

  const tightened = (key: string, worse: (o: number, n: number) => boolean) => {
    const o = num(before[key]);
    const n = num(after[key]);
    if (n !== undefined && (o === undefined || worse(o, n))) at(path, `${key} tightened to ${n}`);
  };
  tightened('minLength', (o, n) => n > o);
  tightened('maxLength', (o, n) => n < o);
  tightened('minimum', (o, n) => n > o);
  tightened('maximum', (o, n) => n < o);
  tightened('exclusiveMinimum', (o, n) => n > o);
  tightened('exclusiveMaximum', (o, n) => n < o);
  tightened('minItems', (o, n) => n > o);
  tightened('maxItems', (o, n) => n < o);
  for (const key of ['pattern', 'format']) {
    if (after[key] !== undefined && after[key] !== before[key])
      at(path, `${key} changed to ${String(after[key])}`);
  }

  const oldProps = asSchema(before.properties) ?? {};
  const newProps = asSchema(after.properties) ?? {};
  for (const [name, oldProp] of Object.entries(oldProps)) {
    const newProp = asSchema(newProps[name]);
    const p = path ? `${path}.${name}` : name;
    if (!newProp) at(p, 'field removed');
    else out.push(...schemaBreaks(asSchema(oldProp) ?? {}, newProp, p));
  }
  const oldRequired = new Set((asList(before.required) ?? []) as string[]);
  for (const name of (asList(after.required) ?? []) as string[]) {
    if (!oldRequired.has(name)) at(path ? `${path}.${name}` : name, 'field newly required');
  }

  const oldItems = asSchema(before.items);
  const newItems = asSchema(after.items);
  if (oldItems && newItems) out.push(...schemaBreaks(oldItems, newItems, `${path}[]`));
  const oldValues = asSchema(before.additionalProperties);
  const newValues = asSchema(after.additionalProperties);
  if (oldValues && newValues) out.push(...schemaBreaks(oldValues, newValues, `${path}{}`));

  for (const key of ['anyOf', 'oneOf']) {
    const o = asList(before[key]);
    const n = asList(after[key]);
    if (!o) continue;
    const lost = o.filter((alt) => !(n ?? []).some((x) => isDeepStrictEqual(x, alt)));
    if (lost.length > 0) at(path, `${key} alternatives removed or changed`);
  }
  return out;
}

/** Compares every event type of two contract versions. New types are additions, never breaks. */
export function breakingChanges(
  before: Record<string, JsonSchema>,
  after: Record<string, JsonSchema>,
): BreakingChange[] {
  const changes: BreakingChange[] = [];
  for (const [type, schema] of Object.entries(before)) {
    const next = after[type];
    if (!next) {
      changes.push({ type, path: '(type)', change: 'event type removed' });
      continue;
    }
    for (const [path, change] of schemaBreaks(schema, next))
      changes.push({ type, path: path ?? '', change: change ?? '' });
  }
  return changes;
}

/** The failure message CI shows: what broke, and how to make the change without breaking anyone. */
export function explainBreakingChanges(changes: BreakingChange[]): string {
  return [
    `The event contract has ${changes.length} breaking change(s) against libs/events/contract:`,
    ...changes.map((c) => `  - ${c.type} ${c.path}: ${c.change}`),
    'Published event types are never changed incompatibly: define a new versioned type (e.g. ...v2) beside',
    'the old one and publish both until consumers moved, then run `npm run contract:update -w @idaas/events`.',
  ].join('\n');
}
