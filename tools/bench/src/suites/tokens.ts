import { PASSWORD_HASH_PARAMETERS } from '@idaas/crypto';
import { formatTable, median } from '../stats';
import { clientCredentialsRates, type GrantRates } from '../tokens/client-credentials';
import { loginRate, passwordHashCost, type HashCost, type LoginRate } from '../tokens/logins';
import { startTokenStack } from '../tokens/token-stack';
import { verificationRates, type VerificationRates } from '../tokens/verification';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const GRANTS = {
  rounds: setting('BENCH_CC_ROUNDS', 3),
  seconds: setting('BENCH_CC_SECONDS', 8),
  concurrency: setting('BENCH_CC_CONCURRENCY', 32),
};
const LOGIN_SECONDS = setting('BENCH_LOGIN_SECONDS', 20);
const LOGIN_USERS = setting('BENCH_LOGIN_USERS', 8);
const HASH_SAMPLES = setting('BENCH_HASH_SAMPLES', 20);
const VERIFY = { rounds: setting('BENCH_VERIFY_ROUNDS', 3), seconds: setting('BENCH_VERIFY_SECONDS', 2) };

/**
 * Keycloak's published sizing: one vCPU per 120 client credential grants per second (measured
 * with a new TLS connection per request). "Concepts for sizing CPU and memory resources",
 * https://www.keycloak.org/high-availability/single-cluster/concepts-memory-and-cpu-sizing
 */
const KEYCLOAK_CLIENT_CREDENTIALS_PER_VCPU = 120;

/**
 * The token figures of issue 4: client_credentials beside oidc-provider and Keycloak's sizing,
 * full password logins beside the ceiling one password hash per core sets, and access-token
 * verification with a cached JWKS. Servers under test run as child processes (one JS core each).
 */
export async function tokensBenchmark(log: (m: string) => void): Promise<string> {
  log(`timing ${HASH_SAMPLES} password hashes on this process`);
  const hash = await passwordHashCost(HASH_SAMPLES);
  const stack = await startTokenStack(LOGIN_USERS, log);
  try {
    const grants = await clientCredentialsRates(
      {
        url: stack.authentication.url,
        path: `/t/${stack.slug}/oauth2/token`,
        client: stack.es256,
        cpuSeconds: () => stack.authentication.cpuSeconds(),
      },
      GRANTS,
      log,
    );
    log(`full password logins for ${LOGIN_SECONDS} s`);
    const logins = await loginRate(stack, LOGIN_SECONDS, log);
    const verification = await verificationRates(stack, VERIFY, log);
    return report(grants, logins, hash, verification);
  } finally {
    await stack.close();
  }
}

function report(grants: GrantRates, logins: LoginRate, hash: HashCost, v: VerificationRates): string {
  const ours = median(grants.ours);
  const baseline = median(grants.oidcProvider);
  const oursPerCpu = median(grants.perCpuSecond.ours);
  const baselinePerCpu = median(grants.perCpuSecond.oidcProvider);
  const ceiling = 1 / hash.cpuSeconds;
  const p = PASSWORD_HASH_PARAMETERS;
  const perSecond = (values: number[]) => median(values).toFixed(0);
  return [
    `### client_credentials grants per second per core`,
    '',
    `Each server is one node process (one core for its JavaScript) on loopback HTTP; ${GRANTS.concurrency} concurrent ` +
      `keep-alive connections, ${GRANTS.rounds} rounds of ${GRANTS.seconds} s each, alternating; medians. ` +
      'Both issue ES256 JWT access tokens (typ at+jwt) to a client_secret_basic client.',
    '',
    formatTable(
      ['token endpoint', 'grants/s', 'grants per CPU-second', 'non-200 answers'],
      [
        [
          'ours (authentication service)',
          ours.toFixed(0),
          oursPerCpu.toFixed(0),
          String(grants.failures.ours),
        ],
        [
          'baseline: oidc-provider (panva), in-memory adapter',
          baseline.toFixed(0),
          baselinePerCpu.toFixed(0),
          String(grants.failures.oidcProvider),
        ],
        [
          'ratio ours / oidc-provider',
          (ours / baseline).toFixed(2),
          (oursPerCpu / baselinePerCpu).toFixed(2),
          '',
        ],
        [
          'paired: median of the per-round ratios (each round runs the two back to back)',
          pairedRatio(grants.ours, grants.oidcProvider).toFixed(2),
          pairedRatio(grants.perCpuSecond.ours, grants.perCpuSecond.oidcProvider).toFixed(2),
          '',
        ],
        [
          "Keycloak's published sizing, per vCPU (new TLS connection per request)",
          String(KEYCLOAK_CLIENT_CREDENTIALS_PER_VCPU),
          '',
          '',
        ],
        [
          'ratio ours / Keycloak per vCPU',
          (ours / KEYCLOAK_CLIENT_CREDENTIALS_PER_VCPU).toFixed(1),
          (oursPerCpu / KEYCLOAK_CLIENT_CREDENTIALS_PER_VCPU).toFixed(1),
          '',
        ],
      ],
    ),
    '',
    'grants per CPU-second: grants divided by the CPU time (user + system, all threads) the ' +
      "server's process used in the round, read from /proc; it does not move when the database, " +
      'the broker or the load generator take the cores, which the grants/s figure does.',
    '',
    `### full password logins per second`,
    '',
    `authorize (answered with the login page) -> form post with CSRF -> 303 with code -> code exchange with PKCE; ` +
      `${LOGIN_USERS} users signing in at once for ${LOGIN_SECONDS} s. Password hash: ${p.algorithm}, ` +
      `m=${p.memoryKiB} KiB, t=${p.iterations}, p=${p.parallelism}; the service hashes on one thread ` +
      `(UV_THREADPOOL_SIZE=1), so the ceiling is one core's hashes per second.`,
    '',
    formatTable(
      ['figure', 'value'],
      [
        [
          'one password hash: CPU time (wall-clock median)',
          `${(hash.cpuSeconds * 1000).toFixed(1)} ms (${(hash.wallSeconds * 1000).toFixed(1)} ms)`,
        ],
        ['ceiling: 1 / CPU time of one hash, per core', `${ceiling.toFixed(1)} logins/s`],
        ['full logins measured (wall clock)', `${logins.loginsPerSecond.toFixed(1)} logins/s`],
        [
          'full logins per CPU-second of the authentication service',
          `${logins.loginsPerCpuSecond.toFixed(1)} logins`,
        ],
        ['cores the service kept busy meanwhile', logins.serviceCores.toFixed(2)],
        [
          'percent of the ceiling per core: logins per CPU-second / ceiling (goal 90%)',
          `${((logins.loginsPerCpuSecond / ceiling) * 100).toFixed(0)}%`,
        ],
        ['failed logins', String(logins.failures)],
      ],
    ),
    '',
    'Per CPU-second is the per-core figure: what one core of the service completes, hash and ' +
      'everything around it (three HTTP requests, the flow, session, code and token writes). ' +
      'The wall-clock rate is lower on this machine because the MongoDB-wire server, Kafka and ' +
      'the load generator share its cores with the service.',
    '',
    `### JWT access-token verification per second per core (cached JWKS)`,
    '',
    `jose jwtVerify (signature, iss, aud, exp, typ) in a loop on the bench's one JS thread; ` +
      `${VERIFY.rounds} rounds of ${VERIFY.seconds} s; medians.`,
    '',
    formatTable(
      ['token and key set', 'verifications/s'],
      [
        ['our ES256 access token, createLocalJWKSet (JWKS fetched once)', perSecond(v.es256Local)],
        ['baseline: our RS256 access token, same local JWKS', perSecond(v.rs256Local)],
        [
          'our ES256 access token, createRemoteJWKSet (cached after the first fetch)',
          perSecond(v.es256Remote),
        ],
      ],
    ),
  ].join('\n');
}

/**
 * The machine's load drifts between rounds; a round's two runs are back to back, so their ratio
 * cancels most of the drift that a ratio of medians taken across rounds keeps.
 */
function pairedRatio(ours: number[], baseline: number[]): number {
  return median(ours.map((value, i) => value / baseline[i]!));
}
