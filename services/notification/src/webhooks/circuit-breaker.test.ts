import { CircuitBreakers, CLOSED, permit, recordFailure, recordSuccess } from './circuit-breaker';

const policy = { threshold: 3, coolDownMs: 1000 };

describe('webhook circuit breaker', () => {
  it('stays closed below the threshold and opens on the threshold-th failure in a row', () => {
    let c = CLOSED;
    c = recordFailure(c, 0, policy);
    c = recordFailure(c, 0, policy);
    expect(c).toEqual({ state: 'closed', failures: 2 });
    expect(permit(c, 0).allowed).toBe(true);
    c = recordFailure(c, 10, policy);
    expect(c).toEqual({ state: 'open', until: 1010 });
  });

  it('a success resets the count of failures', () => {
    let c = recordFailure(recordFailure(CLOSED, 0, policy), 0, policy);
    c = recordSuccess();
    expect(recordFailure(c, 0, policy)).toEqual({ state: 'closed', failures: 1 });
  });

  it('holds everything back during the cool-down, then lets exactly one probe through', () => {
    const open = recordFailure({ state: 'closed', failures: 2 }, 0, policy);
    expect(permit(open, 999)).toEqual({ allowed: false, next: open });
    const probe = permit(open, 1000);
    expect(probe).toEqual({ allowed: true, next: { state: 'half_open' } });
    expect(permit(probe.next, 1001).allowed).toBe(false);
  });

  it('closes when the probe succeeds, and reopens for another cool-down when it fails', () => {
    const breakers = new CircuitBreakers(policy);
    const url = 'https://hooks.example/in';
    for (let i = 0; i < 3; i++) breakers.failed(url, 0);
    expect(breakers.tryPass(url, 500)).toBe(false);
    expect(breakers.tryPass(url, 1000)).toBe(true);
    breakers.failed(url, 1000);
    expect(breakers.state(url)).toEqual({ state: 'open', until: 2000 });
    expect(breakers.tryPass(url, 1999)).toBe(false);
    expect(breakers.tryPass(url, 2000)).toBe(true);
    breakers.succeeded(url);
    expect(breakers.state(url)).toEqual(CLOSED);
    expect(breakers.tryPass('https://other.example/in', 0)).toBe(true);
  });
});
