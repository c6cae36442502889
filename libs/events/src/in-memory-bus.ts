import {
  PoisonEventError,
  type EventBus,
  type OutboundEvent,
  type Subscription,
  type SubscriptionSpec,
} from './bus';

/**
 * The same publish/subscribe contract as Kafka, in memory, for unit tests of domain logic.
 * Delivery is synchronous within `publish`, each group sees each event once, and events a
 * group already saw are not re-delivered, mirroring the processed-ids dedupe.
 */
export class InMemoryEventBus implements EventBus {
  readonly published: OutboundEvent[] = [];
  readonly deadLetters: { event: OutboundEvent; error: string }[] = [];
  private readonly groups = new Map<string, { spec: SubscriptionSpec; seen: Set<string> }>();

  async publish(events: readonly OutboundEvent[]): Promise<void> {
    for (const e of events) {
      this.published.push(e);
      for (const group of this.groups.values()) await this.deliver(group, e);
    }
  }

  async subscribe(spec: SubscriptionSpec): Promise<Subscription> {
    const group = { spec, seen: new Set<string>() };
    this.groups.set(spec.groupId, group);
    if (spec.fromBeginning ?? true) for (const e of [...this.published]) await this.deliver(group, e);
    return {
      stop: async () => {
        this.groups.delete(spec.groupId);
      },
    };
  }

  private async deliver(
    group: { spec: SubscriptionSpec; seen: Set<string> },
    e: OutboundEvent,
  ): Promise<void> {
    if (!group.spec.topics.includes(e.topic) || group.seen.has(e.event.id)) return;
    const handler = group.spec.handlers[e.event.type];
    if (!handler) return;
    try {
      await handler({
        event: e.event,
        topic: e.topic,
        partition: 0,
        offset: String(this.published.indexOf(e)),
      });
      group.seen.add(e.event.id);
    } catch (err) {
      if (!(err instanceof PoisonEventError)) throw err;
      this.deadLetters.push({ event: e, error: err.message });
      group.seen.add(e.event.id);
    }
  }
}
