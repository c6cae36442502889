import { cloudEventSchema, type CloudEvent } from './envelope';
import type { EventCatalog } from './catalog';

export type Decoded = { ok: true; event: CloudEvent } | { ok: false; error: string };

/** Bytes to a validated event, or the reason it is poison. Never throws. */
export function decodeEvent(value: Buffer | null, catalog: EventCatalog): Decoded {
  if (!value) return { ok: false, error: 'empty message' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch {
    return { ok: false, error: 'malformed JSON' };
  }
  const env = cloudEventSchema.safeParse(json);
  if (!env.success) return { ok: false, error: `not a CloudEvent: ${summarize(env.error.issues)}` };
  const type = catalog.get(env.data.type);
  if (!type) return { ok: false, error: `unknown event type ${env.data.type}` };
  const data = type.data.safeParse(env.data.data);
  if (!data.success)
    return { ok: false, error: `${env.data.type} data invalid: ${summarize(data.error.issues)}` };
  return { ok: true, event: { ...(env.data as CloudEvent), data: data.data } };
}

function summarize(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
