import { performance } from 'node:perf_hooks';
import type { Filter } from 'mongodb';
import { USERS, type UserDocument } from '@idaas/user-store';
import { percentile } from '../stats';
import type { UsersStack } from './users-stack';

export interface ListLatency {
  name: string;
  /** Matches in the tenant (SCIM totalResults). */
  total: number;
  scim: { p50: number; p99: number };
  /** The same query straight on the MongoDB-wire server through the driver: count and one page. */
  driver: { p50: number; p99: number };
  failures: number;
}

/** One SCIM list filter and the MongoDB query the service translates it to (as in scim/filter/to-query). */
interface Case {
  name: string;
  filter: (i: number) => string | undefined;
  query: (i: number) => Filter<UserDocument>;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function cases(users: number): Case[] {
  const some = (i: number) => (i * 7919) % users;
  return [
    {
      name: 'userName eq "user<k>@bench.example"',
      filter: (i) => `userName eq "user${some(i)}@bench.example"`,
      query: (i) => ({ emailNormalized: `user${some(i)}@bench.example` }),
    },
    {
      name: 'name.familyName sw "Family<k>" (about 1% match)',
      filter: (i) => `name.familyName sw "Family${(i % 90) + 10}"`,
      query: (i) => ({
        'profile.familyName': { $regex: `^${escape(`Family${(i % 90) + 10}`)}`, $options: 'i' },
      }),
    },
    {
      name: 'emails.value co "<kk>@" (1% match)',
      filter: (i) => `emails.value co "${String(i % 100).padStart(2, '0')}@"`,
      query: (i) => ({ emailNormalized: { $regex: escape(`${String(i % 100).padStart(2, '0')}@`) } }),
    },
    { name: 'no filter (first page)', filter: () => undefined, query: () => ({}) },
  ];
}

/**
 * p50/p99 of SCIM list requests (count=100, the default page) for a few filters over the tenant's
 * users, one request at a time, beside the same count + page read straight through the driver.
 */
export async function scimListLatencies(
  stack: UsersStack,
  { users, requests }: { users: number; requests: number },
  log: (m: string) => void,
): Promise<ListLatency[]> {
  const collection = stack.identity.collection<UserDocument>(USERS);
  const results: ListLatency[] = [];
  for (const c of cases(users)) {
    const scim: number[] = [];
    const driver: number[] = [];
    let total = 0;
    let failures = 0;
    for (let i = 0; i < requests; i++) {
      const filter = c.filter(i);
      const query = filter === undefined ? '' : `&filter=${encodeURIComponent(filter)}`;
      let t = performance.now();
      const res = await fetch(
        `${stack.lifecycle.url}/scim/v2/tenants/${stack.tenantId}/Users?count=100${query}`,
        {
          headers: { authorization: `Bearer ${await stack.token()}` },
        },
      );
      const body = (await res.json()) as { totalResults?: number };
      scim.push(performance.now() - t);
      if (res.status !== 200) {
        failures += 1;
        log(`${c.name}: SCIM answered ${res.status}`);
      } else total = body.totalResults ?? 0;
      const mongoQuery = {
        $and: [c.query(i), { state: { $ne: 'deleted' } }],
        tenantId: stack.tenantId,
      } as Filter<UserDocument>;
      t = performance.now();
      await Promise.all([
        collection.countDocuments(mongoQuery),
        collection
          .find(mongoQuery, { sort: { createdAt: 1, _id: 1 }, limit: 100, projection: { outbox: 0 } })
          .toArray(),
      ]);
      driver.push(performance.now() - t);
    }
    const p = (v: number[]) => ({ p50: percentile(v, 50), p99: percentile(v, 99) });
    results.push({ name: c.name, total, scim: p(scim), driver: p(driver), failures });
    log(
      `${c.name}: SCIM p50 ${percentile(scim, 50).toFixed(0)} ms, driver p50 ${percentile(driver, 50).toFixed(0)} ms`,
    );
  }
  return results;
}
