import type { z } from 'zod';
import { envelope, type CloudEvent, type EventOrigin } from './envelope';
import type { Stream } from './topics';

/**
 * One event type of the published contract. The version is part of the type name: a breaking
 * change is a new type (`...v2`) published beside the old one, never an edit of the old schema.
 */
export interface EventType<S extends z.ZodType = z.ZodType> {
  readonly type: string;
  readonly stream: Stream;
  readonly description: string;
  readonly data: S;
  /** Builds an event of this type; the data is validated so a producer cannot emit a broken one. */
  create(subject: string, data: z.input<S>, origin: EventOrigin): CloudEvent<z.output<S>>;
}

export function defineEvent<S extends z.ZodType>(spec: {
  type: string;
  stream: Stream;
  description: string;
  data: S;
}): EventType<S> {
  return {
    ...spec,
    create(subject, data, origin) {
      return envelope(spec.type, subject, spec.data.parse(data), origin);
    },
  };
}

export type EventData<E extends EventType> = z.output<E['data']>;

/** Lookup of the known event types, built from the list in `types/index.ts`. */
export class EventCatalog {
  private readonly byType = new Map<string, EventType>();

  constructor(types: readonly EventType[]) {
    for (const t of types) {
      if (this.byType.has(t.type)) throw new Error(`event type ${t.type} is defined twice`);
      this.byType.set(t.type, t);
    }
  }

  get(type: string): EventType | undefined {
    return this.byType.get(type);
  }

  all(): EventType[] {
    return [...this.byType.values()];
  }
}
