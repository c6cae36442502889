import { openLoop, RateSearch, throughputOf, type OpenLoopRun } from './open-loop';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('openLoop', () => {
  it('starts arrivals on schedule even when each takes longer than the interval', async () => {
    // 50/s for 0.4 s: 20 arrivals 20 ms apart, each taking 100 ms. A closed loop of one would
    // manage 4; an open loop keeps five in flight and ends about 100 ms after the window.
    let inFlight = 0;
    let mostInFlight = 0;
    const run = await openLoop({ rate: 50, seconds: 0.4 }, async (index) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await sleep(100);
      inFlight -= 1;
      return index;
    });
    expect(run.arrivals).toHaveLength(20);
    expect(run.arrivals.map((a) => a.value)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(mostInFlight).toBeGreaterThanOrEqual(4);
    for (const [i, a] of run.arrivals.entries()) {
      expect(a.dueAt - run.windowStart).toBeCloseTo(i * 20, 5);
      expect(a.startedAt - a.dueAt).toBeLessThan(30);
    }
    expect(run.windowEnd - run.windowStart).toBeCloseTo(400, 5);
    expect(run.lastFinishedAt - run.windowEnd).toBeLessThan(150);
    expect(throughputOf(run).sustained).toBe(true);
  });

  it('records failures without stopping the run', async () => {
    const run = await openLoop({ rate: 100, seconds: 0.1 }, (index) =>
      index % 2 === 0 ? Promise.resolve(index) : Promise.reject(new Error(`refused ${index}`)),
    );
    const throughput = throughputOf(run);
    expect(throughput.succeeded).toBe(5);
    expect(throughput.failed).toBe(5);
    expect(String(throughput.lastError)).toContain('refused 9');
    expect(throughput.sustained).toBe(false);
  });
});

/** A run of `count` arrivals at `rate` whose answers took `latencyMs` plus `queueMs` per arrival before. */
function syntheticRun(rate: number, count: number, latencyMs: number, queueMs = 0): OpenLoopRun<number> {
  const interval = 1000 / rate;
  const arrivals = Array.from({ length: count }, (_, i) => ({
    dueAt: i * interval,
    startedAt: i * interval,
    finishedAt: i * interval + latencyMs + i * queueMs,
    value: i,
  }));
  return {
    rate,
    seconds: count / rate,
    arrivals,
    windowStart: 0,
    windowEnd: count * interval,
    lastFinishedAt: Math.max(count * interval, ...arrivals.map((a) => a.finishedAt)),
  };
}

describe('throughputOf', () => {
  it('calls a rate sustained when answers keep pace with arrivals', () => {
    const t = throughputOf(syntheticRun(100, 800, 60));
    expect(t.sustained).toBe(true);
    expect(t.achievedRate).toBeGreaterThan(99);
    expect(t.drainSeconds).toBeLessThan(0.1);
  });

  it('calls it not sustained when a queue builds up, and measures what the server managed', () => {
    // Each answer 15 ms later than the previous one: 10 ms apart after 10 ms arrivals + 15 ms,
    // i.e. the server completes one per 25 ms, 40/s, against 100/s offered.
    const t = throughputOf(syntheticRun(100, 800, 60, 15));
    expect(t.sustained).toBe(false);
    expect(t.achievedRate).toBeGreaterThan(38);
    expect(t.achievedRate).toBeLessThan(41);
    expect(t.drainSeconds).toBeGreaterThan(10);
  });
});

describe('RateSearch', () => {
  const ok = { sustained: true, achievedRate: 0 };
  const behind = (achievedRate: number) => ({ sustained: false, achievedRate });

  it('stops at the goal when the goal is sustained', () => {
    const search = new RateSearch(100);
    expect(search.next(100, { sustained: true, achievedRate: 99 })).toBeUndefined();
    expect(search.best(100)).toBe(100);
  });

  it('steps down a fifth when the server nearly kept up, further when it managed much less', () => {
    expect(new RateSearch(100).next(100, behind(95))).toBe(80);
    expect(new RateSearch(100).next(100, behind(40))).toBe(36);
    expect(new RateSearch(1).next(1, behind(0))).toBe(1);
  });

  it('bisects back up after a swamped probe understated the capacity', () => {
    const search = new RateSearch(100);
    expect(search.next(100, behind(12))).toBe(10);
    expect(search.next(10, ok)).toBe(55);
    expect(search.next(55, behind(20))).toBe(32);
    expect(search.next(32, behind(25))).toBe(21);
    expect(search.next(21, ok)).toBe(26);
    expect(search.next(26, ok)).toBe(29);
    // 29 sustained, 32 not: within a fifth, done; the measurement runs at 29.
    expect(search.next(29, ok)).toBeUndefined();
    expect(search.best(29)).toBe(29);
  });

  it('falls back to the last rate probed when none was sustained', () => {
    const search = new RateSearch(100);
    search.next(100, behind(5));
    expect(search.best(4)).toBe(4);
  });
});
