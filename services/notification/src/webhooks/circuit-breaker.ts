/**
 * Per-endpoint circuit breaker. After `threshold` consecutive failures to one URL the circuit
 * opens: nothing is sent there for `coolDownMs`. Then one delivery goes out as a probe
 * (half-open): its success closes the circuit, its failure opens it for another cool-down.
 * Deliveries held back by an open circuit are not attempts: they keep their retry budget.
 *
 * ```mermaid
 * stateDiagram-v2
 *   closed --> closed: success / failure below threshold
 *   closed --> open: threshold-th failure in a row
 *   open --> half_open: cool-down over, one probe sent
 *   half_open --> closed: probe succeeded
 *   half_open --> open: probe failed
 * ```
 */
export type Circuit =
  { state: 'closed'; failures: number } | { state: 'open'; until: number } | { state: 'half_open' };

export interface CircuitPolicy {
  threshold: number;
  coolDownMs: number;
}

export const CLOSED: Circuit = { state: 'closed', failures: 0 };

/** Whether a delivery may go out now; a `probe` permit moves the circuit to half-open. */
export function permit(circuit: Circuit, now: number): { allowed: boolean; next: Circuit } {
  switch (circuit.state) {
    case 'closed':
      return { allowed: true, next: circuit };
    case 'open':
      // Only the first caller after the cool-down gets through: it leaves the circuit half-open.
      return now >= circuit.until
        ? { allowed: true, next: { state: 'half_open' } }
        : { allowed: false, next: circuit };
    case 'half_open':
      return { allowed: false, next: circuit };
  }
}

export function recordSuccess(): Circuit {
  return CLOSED;
}

export function recordFailure(circuit: Circuit, now: number, policy: CircuitPolicy): Circuit {
  if (circuit.state === 'closed' && circuit.failures + 1 < policy.threshold)
    return { state: 'closed', failures: circuit.failures + 1 };
  return { state: 'open', until: now + policy.coolDownMs };
}

/** The circuits of every endpoint this dispatcher sends to, by URL. */
export class CircuitBreakers {
  private readonly circuits = new Map<string, Circuit>();

  constructor(private readonly policy: CircuitPolicy) {}

  state(url: string): Circuit {
    return this.circuits.get(url) ?? CLOSED;
  }

  tryPass(url: string, now: number): boolean {
    const { allowed, next } = permit(this.state(url), now);
    this.circuits.set(url, next);
    return allowed;
  }

  succeeded(url: string): void {
    this.circuits.delete(url);
  }

  failed(url: string, now: number): void {
    this.circuits.set(url, recordFailure(this.state(url), now, this.policy));
  }
}
