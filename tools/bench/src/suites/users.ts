import { hashPassword, PASSWORD_HASH_PARAMETERS } from '@idaas/crypto';
import { formatTable, median } from '../stats';
import { passwordHashCost, type HashCost } from '../tokens/logins';
import { bulkImport, type ImportTiming } from '../users/bulk-import';
import { outboxDrain, type OutboxDrain } from '../users/outbox-drain';
import { scimListLatencies, type ListLatency } from '../users/scim-list';
import { signUpRate, type SignUpRate } from '../users/signups';
import { userTopicCount } from '../users/user-topic';
import { startUsersStack } from '../users/users-stack';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const USERS = setting('BENCH_USERS', 100000);
const SIGNUP = {
  rounds: setting('BENCH_SIGNUP_ROUNDS', 2),
  seconds: setting('BENCH_SIGNUP_SECONDS', 15),
  concurrency: setting('BENCH_SIGNUP_CONCURRENCY', 8),
};
// Few: at 100k users each request and its driver baseline scan the collection on mongo-java-server
// (about 4 s each), and the whole run should stay near 10 minutes.
const SCIM_REQUESTS = setting('BENCH_SCIM_REQUESTS', 5);
const HASH_SAMPLES = setting('BENCH_HASH_SAMPLES', 10);

/**
 * The user figures of issue 5: sign-ups per CPU-second of the registration service beside the
 * ceiling one argon2id hash per core sets; a bulk import of BENCH_USERS users with progress;
 * SCIM list with filters over those users beside the same queries straight through the driver.
 */
export async function usersBenchmark(log: (m: string) => void): Promise<string> {
  const stack = await startUsersStack(log);
  try {
    // Each round's ceiling is timed just before it: a hash's CPU time moves with what else the
    // machine runs too (one ceiling for the whole run once left a round at 109% of it).
    const signUps: SignUpRound[] = [];
    for (let round = 0; round < SIGNUP.rounds; round++) {
      log(`timing ${HASH_SAMPLES} password hashes on this process`);
      const hash = await passwordHashCost(HASH_SAMPLES);
      signUps.push({ hash, rate: await signUpRate(stack, { ...SIGNUP, round }, log) });
    }
    // One hash for every imported user: the import stores given hashes as they are.
    const passwordHash = await hashPassword('an imported password, benchmarked');
    const topic = await userTopicCount(stack.userTopic);
    let drained: OutboxDrain;
    let imported: ImportTiming;
    try {
      // The sign-ups' events have left: each kicks the relay, and the hashes took longer.
      const before = await topic.messages();
      log(`importing ${USERS} users (NDJSON with argon2id hashes)`);
      imported = await bulkImport(stack, USERS, passwordHash, log);
      drained = await outboxDrain(stack, topic, before + imported.users, log);
    } finally {
      await topic.close();
    }
    log(`SCIM list: ${SCIM_REQUESTS} requests per filter over ${imported.users} users`);
    const lists = await scimListLatencies(stack, { users: USERS, requests: SCIM_REQUESTS }, log);
    return report(signUps, imported, drained, lists);
  } finally {
    await stack.close();
  }
}

interface SignUpRound {
  hash: HashCost;
  rate: SignUpRate;
}

function report(
  signUps: SignUpRound[],
  imported: ImportTiming,
  drained: OutboxDrain,
  lists: ListLatency[],
): string {
  // Per CPU time, like the sign-ups it is compared with: wall time moves with the machine's load.
  const ceilingOf = (s: SignUpRound) => 1 / s.hash.cpuSeconds;
  const share = (s: SignUpRound) => s.rate.signUpsPerCpuSecond / ceilingOf(s);
  const ceiling = median(signUps.map(ceilingOf));
  const p = PASSWORD_HASH_PARAMETERS;
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  return [
    '### Sign-ups per second per core',
    '',
    `POST /t/:tenant/api/signup with a new address each (argon2id m=${p.memoryKiB} KiB, t=${p.iterations}, ` +
      `p=${p.parallelism}; the user, its events and a verification message), ${SIGNUP.concurrency} clients, ` +
      `${SIGNUP.rounds} rounds of ${SIGNUP.seconds} s; the registration service is one process hashing on one ` +
      'thread (UV_THREADPOOL_SIZE=1).',
    '',
    formatTable(
      ['figure', 'value'],
      [
        ...signUps.flatMap((s, i) => [
          [
            `round ${i + 1}: one password hash, CPU time (wall-clock median)`,
            `${ms(s.hash.cpuSeconds * 1000)} (${ms(s.hash.wallSeconds * 1000)})`,
          ],
          [
            `round ${i + 1}: ceiling, 1 / CPU time of one hash, per core`,
            `${ceilingOf(s).toFixed(1)} sign-ups/s`,
          ],
          [
            `round ${i + 1}: sign-ups/s (wall clock) / per CPU-second of the service`,
            `${s.rate.signUpsPerSecond.toFixed(1)} / ${s.rate.signUpsPerCpuSecond.toFixed(1)} ` +
              `(${(share(s) * 100).toFixed(0)}% of the ceiling)`,
          ],
        ]),
        ['sign-ups per CPU-second / ceiling (median)', `${(median(signUps.map(share)) * 100).toFixed(0)}%`],
        ['failed sign-ups', String(signUps.reduce((n, s) => n + s.rate.failures, 0))],
      ],
    ),
    '',
    `### Bulk import of ${USERS} users`,
    '',
    'One streamed NDJSON upload (generated as the socket takes it) with one precomputed argon2id PHC ' +
      'string for all users, so no hashing: batches of 1000, insertMany unordered, each user with its ' +
      'idaas.user.registered.v1 in its outbox. Progress lines went to stderr as they arrived.',
    '',
    formatTable(
      ['figure', 'value'],
      [
        [
          'users imported',
          `${imported.users} (${imported.job.duplicates} duplicates, ${imported.job.failed} failed; job ${imported.job.status})`,
        ],
        ['total time', `${imported.seconds.toFixed(1)} s`],
        ['users per second', imported.usersPerSecond.toFixed(0)],
        ['CPU of the lifecycle service per user', `${imported.cpuMsPerUser.toFixed(2)} ms`],
        [
          'every registered event published (outbox empty) after the import ended',
          drained.pendingAtDeadline === 0
            ? `${drained.seconds.toFixed(1)} s (${drained.pendingAtEnd} pending when the import ended)`
            : `not within ${drained.seconds.toFixed(0)} s: ${drained.pendingAtDeadline} users still held events`,
        ],
        [
          'clear passwords instead (estimate: one hash each at the median ceiling, 4 libuv threads)',
          `${(ceiling * 4).toFixed(0)} users/s at most`,
        ],
      ],
    ),
    '',
    `### SCIM list with a filter at ${imported.users} users in one tenant`,
    '',
    `${SCIM_REQUESTS} requests per filter, one at a time, count=100 (the default page: count + page)` +
      `${SCIM_REQUESTS < 100 ? '; with fewer than 100 requests p99 is the slowest of them' : ''}. Beside it ` +
      'the same MongoDB query straight through the driver. mongo-java-server builds no secondary indexes for ' +
      'queries, so every filter, userName eq too, scans the collection: the figures are the scan, and a real ' +
      'MongoDB with the (tenantId, emailNormalized) index answers userName eq in milliseconds.',
    '',
    formatTable(
      ['filter', 'matches', 'SCIM p50', 'SCIM p99', 'driver p50', 'driver p99', 'failures'],
      lists.map((l) => [
        l.name,
        String(l.total),
        ms(l.scim.p50),
        ms(l.scim.p99),
        ms(l.driver.p50),
        ms(l.driver.p99),
        String(l.failures),
      ]),
    ),
  ].join('\n');
}
