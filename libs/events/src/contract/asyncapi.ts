import type { EventCatalog } from '../catalog';
import { Topics, type Stream } from '../topics';
import { eventJsonSchema, type JsonSchema } from './json-schema';

/** Channel ids of the document per stream; regional topics carry a `{region}` parameter. */
const CHANNELS: Record<Stream, { id: string; address: string; description: string; regional: boolean }> = {
  config: {
    id: 'config',
    address: Topics.config,
    description:
      'Global configuration events from the management plane (compacted; every region replicates them).',
    regional: false,
  },
  keys: {
    id: 'keys',
    address: Topics.keys,
    description: "Public signing keys published by each region's key manager.",
    regional: false,
  },
  user: {
    id: 'user',
    address: Topics.user('{region}'),
    description: 'User lifecycle and sign-in events of one region; they never leave it (data residency).',
    regional: true,
  },
  auth: {
    id: 'auth',
    address: Topics.auth('{region}'),
    description: 'Token events (revocations) of one region.',
    regional: true,
  },
  notify: {
    id: 'notify',
    address: Topics.notify('{region}'),
    description:
      'Internal message requests of one region for its notification service (secrets sealed); never delivered to webhooks.',
    regional: true,
  },
};

/** `idaas.user.locked.v1` -> `idaas_user_locked_v1`: AsyncAPI component keys allow no dots. */
export const messageKey = (type: string) => type.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * The AsyncAPI 3.0 document of the platform's events: channels are the Kafka topics, messages
 * the event types (CloudEvents JSON, Kafka key `<aggregate>:<subject>`), payloads their JSON Schemas.
 * https://www.asyncapi.com/docs/reference/specification/v3.0.0
 */
export function asyncApiDocument(catalog: EventCatalog, version = '1.0.0'): JsonSchema {
  const types = catalog.all().sort((a, b) => a.type.localeCompare(b.type));
  const messages: Record<string, JsonSchema> = {};
  for (const t of types) {
    messages[messageKey(t.type)] = {
      name: t.type,
      title: t.type,
      summary: t.description,
      contentType: 'application/cloudevents+json',
      payload: eventJsonSchema(t),
    };
  }
  const channels: Record<string, JsonSchema> = {};
  const operations: Record<string, JsonSchema> = {};
  for (const stream of Object.keys(CHANNELS) as Stream[]) {
    const c = CHANNELS[stream];
    const ofStream = types.filter((t) => t.stream === stream);
    if (ofStream.length === 0) continue;
    channels[c.id] = {
      address: c.address,
      description: c.description,
      ...(c.regional
        ? { parameters: { region: { description: 'The region the events stay in, e.g. eu or us.' } } }
        : {}),
      messages: Object.fromEntries(
        ofStream.map((t) => [messageKey(t.type), { $ref: `#/components/messages/${messageKey(t.type)}` }]),
      ),
    };
    operations[`receive_${c.id}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${c.id}` },
      summary: `Consume ${c.address}`,
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'IDaaS events',
      version,
      description:
        'Events the platform publishes, as CloudEvents 1.0 JSON. A breaking change is a new versioned type (…v2) published beside the old one.',
    },
    defaultContentType: 'application/cloudevents+json',
    channels,
    operations,
    components: { messages },
  };
}
