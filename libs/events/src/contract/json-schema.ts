import { z } from 'zod';
import type { EventCatalog, EventType } from '../catalog';
import { cloudEventSchema } from '../envelope';

export type JsonSchema = { [key: string]: unknown };

/**
 * Consumers must tolerate fields added later (that is what makes an added optional field a
 * compatible change), so the published schemas do not forbid unknown properties even where
 * our producers' zod objects are strict.
 */
function tolerant(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tolerant);
  if (typeof node !== 'object' || node === null) return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'additionalProperties' && v === false) continue;
    out[k] = tolerant(v);
  }
  return out;
}

/** One event type as JSON Schema: the CloudEvents envelope, its `type` fixed, `data` the type's schema. */
export function eventJsonSchema(event: EventType): JsonSchema {
  const envelope = cloudEventSchema.extend({ type: z.literal(event.type), data: event.data });
  const schema = z.toJSONSchema(envelope, { io: 'output', unrepresentable: 'any' }) as JsonSchema;
  return tolerant({
    ...schema,
    $id: `urn:idaas:event:${event.type}`,
    title: event.type,
    description: event.description,
  }) as JsonSchema;
}

/** Every type of the catalog, by type name, in a stable order. */
export function eventJsonSchemas(catalog: EventCatalog): Record<string, JsonSchema> {
  const types = catalog.all().sort((a, b) => a.type.localeCompare(b.type));
  return Object.fromEntries(types.map((t) => [t.type, eventJsonSchema(t)]));
}
