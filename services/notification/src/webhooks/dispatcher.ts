import type { WebhookView } from '@idaas/replica';
import type { Logger } from '@idaas/telemetry';
import { CircuitBreakers, permit } from './circuit-breaker';
import type { WebhookDelivery } from './delivery';
import type { DeliveryStore, LaneHead } from './delivery-store';
import { laneOf } from './ordering';
import { nextRetryDelay } from './retry-schedule';
import type { Send } from '@idaas/http';
import { webhookHeaders } from './signature';
import { validSigningSecrets } from './signing-secrets';

export interface DispatcherDeps {
  store: DeliveryStore;
  subscription: (webhookId: string) => WebhookView | undefined;
  secretKey: Buffer;
  send: Send;
  clock: () => Date;
  logger: Logger;
  timeoutMs: number;
  retryScale: number;
  circuit: { threshold: number; coolDownMs: number };
  pollMs: number;
  concurrency: number;
  /** Attempts in flight to one receiver URL at most, so a slow receiver cannot take every slot. */
  endpointConcurrency: number;
}

/**
 * CloudEvents structured mode (the HTTP binding's `application/cloudevents+json`): the body
 * is the whole event, envelope and data, exactly as it was on the stream.
 * https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md#32-structured-content-mode
 */
const CONTENT_TYPE = 'application/cloudevents+json';

/**
 * Sends due deliveries, working only from the database: a delivery is claimed with a lease by
 * one conditional update, so several processes share the work, and a process killed mid-attempt
 * leaves a lease that expires and lets another (or its restart) send it again with the same id.
 */
export class WebhookDispatcher {
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Attempts in flight by receiver URL. */
  private readonly busy = new Map<string, number>();
  /** (subscription, subject) pairs with an attempt in flight: their later deliveries wait. */
  private readonly sending = new Set<string>();
  /** Receiver URL of every subscription this dispatcher has seen, to leave unreachable ones out of a page. */
  private readonly endpoints = new Map<string, string>();
  private readonly breakers: CircuitBreakers;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private ticking: Promise<void> | undefined;
  private again = false;

  constructor(private readonly deps: DispatcherDeps) {
    this.breakers = new CircuitBreakers({
      threshold: deps.circuit.threshold,
      coolDownMs: Math.round(deps.circuit.coolDownMs * deps.retryScale),
    });
  }

  /** A lease outlives the attempt's timeout, so only a dead holder ever loses one. */
  private get leaseMs(): number {
    return this.deps.timeoutMs + 5000;
  }

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.ticking;
    await Promise.allSettled(this.inFlight.values());
  }

  /** Looks for work now, e.g. after the intake took an event in. */
  kick(): void {
    if (!this.running) return;
    if (this.ticking) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .catch((err: unknown) =>
          this.deps.logger.warn({ err }, 'webhook dispatch round failed; trying again'),
        )
        .finally(() => {
          this.ticking = undefined;
          if (!this.running) return;
          const soon = this.again;
          this.again = false;
          this.schedule(soon ? 0 : this.deps.pollMs);
        });
    }, ms);
  }

  private async tick(): Promise<void> {
    const { store, concurrency } = this.deps;
    const free = concurrency - this.inFlight.size;
    if (free <= 0) return;
    const due = await store.due(this.deps.clock(), free * 4, this.unreachable());
    // One query for the page's lanes, not one per delivery: the database scan is what bounds a tick.
    const heads = await store.earliestUnfinished(due);
    for (const d of due) {
      if (!this.running || this.inFlight.size >= concurrency) return;
      if (this.inFlight.has(d._id)) continue;
      await this.tryStart(d, heads.get(laneOf(d)));
    }
  }

  /** Subscriptions nothing can be sent to now: their receiver's circuit is open or it is at its share. */
  private unreachable(): string[] {
    const now = this.deps.clock().getTime();
    const skip: string[] = [];
    for (const [webhookId, url] of this.endpoints) {
      const full = (this.busy.get(url) ?? 0) >= this.deps.endpointConcurrency;
      if (full || !permit(this.breakers.state(url), now).allowed) skip.push(webhookId);
    }
    return skip;
  }

  /** @param head the earliest unfinished delivery of `d`'s lane when the page was read */
  private async tryStart(d: WebhookDelivery, head: LaneHead | undefined): Promise<void> {
    const { store, clock } = this.deps;
    const sub = this.deps.subscription(d.webhookId);
    const now = clock();
    if (sub && sub.status === 'active') this.endpoints.set(d.webhookId, sub.url);
    else this.endpoints.delete(d.webhookId);
    if (sub && sub.status === 'active' && !sub.enabled) return; // paused: kept until re-enabled
    if (sub && sub.status === 'active' && !permit(this.breakers.state(sub.url), now.getTime()).allowed)
      return;
    if (sub && (this.busy.get(sub.url) ?? 0) >= this.deps.endpointConcurrency) return;
    const lane = laneOf(d);
    if (this.sending.has(lane)) return; // an earlier one of this user is in flight from here
    if (head && head.orderKey < d.orderKey) {
      // Behind a retry scheduled later: out of the due pages until then.
      if (head.status === 'pending' && head.nextAttemptAt > now)
        await store.postpone(d._id, head.nextAttemptAt);
      return;
    }
    const leaseId = await store.claim(d._id, now, this.leaseMs);
    if (!leaseId) return; // another dispatcher has it
    if (!sub || sub.status !== 'active') {
      await store.cancelled(d._id, leaseId, now, 'the subscription was deleted');
      return;
    }
    if (!this.breakers.tryPass(sub.url, now.getTime())) {
      await store.release(d._id, leaseId, now);
      return;
    }
    this.busy.set(sub.url, (this.busy.get(sub.url) ?? 0) + 1);
    this.sending.add(lane);
    const attempt = this.attempt(d, sub, leaseId)
      .catch((err: unknown) =>
        this.deps.logger.warn(
          { err, deliveryId: d._id },
          'webhook attempt not recorded; its lease will expire',
        ),
      )
      .finally(() => {
        this.inFlight.delete(d._id);
        this.sending.delete(lane);
        const left = (this.busy.get(sub.url) ?? 1) - 1;
        if (left > 0) this.busy.set(sub.url, left);
        else this.busy.delete(sub.url);
        // The next event of this user may be waiting for this one.
        this.kick();
      });
    this.inFlight.set(d._id, attempt);
  }

  private async attempt(d: WebhookDelivery, sub: WebhookView, leaseId: string): Promise<void> {
    const { store, clock, logger } = this.deps;
    const at = clock();
    const result = await this.sendSigned(d, sub, at);
    const attempt = {
      at,
      latencyMs: result.latencyMs,
      ...(result.statusCode !== undefined ? { statusCode: result.statusCode } : {}),
      ...(result.error !== undefined ? { error: result.error } : {}),
    };
    if (result.ok) {
      this.breakers.succeeded(sub.url);
      await store.succeeded(d._id, leaseId, attempt);
      return;
    }
    this.breakers.failed(sub.url, clock().getTime());
    const delay = nextRetryDelay(d.failuresInRow + 1, { scale: this.deps.retryScale });
    const retryAt = delay === undefined ? undefined : new Date(clock().getTime() + delay);
    if (!retryAt)
      logger.warn({ deliveryId: d._id, webhookId: d.webhookId }, 'webhook delivery dead-lettered');
    await store.failed(d._id, leaseId, attempt, retryAt);
  }

  private async sendSigned(d: WebhookDelivery, sub: WebhookView, at: Date) {
    let secrets: string[];
    try {
      secrets = validSigningSecrets(sub, this.deps.secretKey, at);
    } catch {
      // A deployment whose WEBHOOK_SECRET_KEY differs from the management plane's: retried, so
      // fixing the key in time loses nothing.
      return {
        ok: false,
        error: 'cannot unseal the signing secret (WEBHOOK_SECRET_KEY mismatch)',
        latencyMs: 0,
      };
    }
    const message = { id: d._id, timestamp: Math.floor(at.getTime() / 1000), body: d.payload };
    const headers = {
      'content-type': CONTENT_TYPE,
      'user-agent': 'idaas-webhooks/1',
      ...webhookHeaders(message, secrets),
    };
    return this.deps.send(sub.url, d.payload, headers, this.deps.timeoutMs);
  }
}
