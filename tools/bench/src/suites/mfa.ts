import { PASSWORD_HASH_PARAMETERS } from '@idaas/crypto';
import { startMfaStack } from '../mfa/mfa-stack';
import { RateSearch } from '../mfa/open-loop';
import {
  describeRun,
  runVariant,
  VARIANT_NAMES,
  warmUp,
  type Variant,
  type VariantRun,
} from '../mfa/variant-run';
import { formatTable, median } from '../stats';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SETTINGS = {
  rate: setting('BENCH_MFA_RATE', 100),
  seconds: setting('BENCH_MFA_SECONDS', 20),
  rounds: setting('BENCH_MFA_ROUNDS', 3),
  probeSeconds: setting('BENCH_MFA_PROBE_SECONDS', 6),
  probes: setting('BENCH_MFA_PROBES', 6),
  warmUp: setting('BENCH_MFA_WARMUP', 20),
  queueFactor: setting('BENCH_MFA_QUEUE_FACTOR', 2),
};
/** Issue 7: MFA verification adds under 5 ms p99 to a sign-in at 100 sign-ins per second. */
const GOAL_MS = 5;
const GOAL_RATE = 100;
const VARIANTS: readonly Variant[] = ['password', 'totp'];

/**
 * Issue 7's figure: what a TOTP second factor adds to a hosted sign-in's latency under open-loop
 * load, beside the same sign-in without one. Two applications of one tenant differ only in their
 * MFA policy; the rate is the goal's (100/s) unless the machine cannot sustain it, in which case
 * it is stepped down first (with the costlier variant) and the rate used is reported.
 */
export async function mfaBenchmark(log: (m: string) => void): Promise<string> {
  const ms = await startMfaStack(log);
  try {
    log(`warming up: ${SETTINGS.warmUp} sign-ins of each variant, one at a time`);
    const idle = {
      password: await warmUp(ms, 'password', SETTINGS.warmUp),
      totp: await warmUp(ms, 'totp', SETTINGS.warmUp),
    };
    log(`unloaded medians: password ${idle.password.toFixed(1)} ms, TOTP ${idle.totp.toFixed(1)} ms`);
    // Kept up: the backlog cleared and the median stayed near the unloaded one. A rate the
    // machine barely sustains has latencies that measure its queues, not the second factor.
    const keptUp = (r: VariantRun) => r.sustained && r.p50 <= SETTINGS.queueFactor * idle.totp;

    const probes: VariantRun[] = [];
    const search = new RateSearch(SETTINGS.rate);
    let probing: number | undefined = SETTINGS.rate;
    while (probing !== undefined && probes.length < SETTINGS.probes) {
      log(`probing ${probing} TOTP sign-ins/s for ${SETTINGS.probeSeconds} s`);
      const probe = await runVariant(ms, 'totp', probing, SETTINGS.probeSeconds);
      probes.push(probe);
      log(describeRun(probe));
      probing = search.next(probing, { sustained: keptUp(probe), achievedRate: probe.achievedRate });
    }
    const rate = search.best(probes.at(-1)!.rate);

    const runs: VariantRun[] = [];
    for (let round = 1; round <= SETTINGS.rounds; round++) {
      for (const variant of VARIANTS) {
        log(`round ${round}/${SETTINGS.rounds}: ${variant} at ${rate}/s for ${SETTINGS.seconds} s`);
        const run = await runVariant(ms, variant, rate, SETTINGS.seconds);
        runs.push(run);
        log(describeRun(run));
      }
    }
    return report(
      rate,
      probes.map((r) => ({ ...r, keptUp: keptUp(r) })),
      runs,
      ms.pool.total,
      idle,
    );
  } finally {
    await ms.close();
  }
}

const msText = (value: number) => (Number.isNaN(value) ? '—' : value.toFixed(1));

function report(
  rate: number,
  probes: (VariantRun & { keptUp: boolean })[],
  runs: VariantRun[],
  users: number,
  idle: Record<Variant, number>,
): string {
  const of = (variant: Variant) => runs.filter((r) => r.variant === variant);
  const med = (variant: Variant, pick: (r: VariantRun) => number) => median(of(variant).map(pick));
  const added = med('totp', (r) => r.p99) - med('password', (r) => r.p99);
  const addedP50 = med('totp', (r) => r.p50) - med('password', (r) => r.p50);
  const mfaP99 = med('totp', (r) => r.mfaP99);
  const unsustained = runs.filter((r) => !r.sustained).length;
  // Latencies of rounds that fell behind measure queues: no verdict can rest on them.
  const verdict = (value: number) =>
    unsustained > 0 ? 'not measured: rounds fell behind' : value < GOAL_MS ? 'met' : '**not met**';
  const p = PASSWORD_HASH_PARAMETERS;
  const sustainedAtRate = probes.some((r) => r.rate === rate && r.keptUp);
  const rateNote =
    rate === SETTINGS.rate && sustainedAtRate
      ? `The requested rate, ${rate}/s, was sustained by the TOTP variant in the probe.`
      : `**${SETTINGS.rate}/s is more than this machine sustains**: the TOTP variant answered ` +
        `${probes[0]!.achievedRate.toFixed(1)}/s when offered ${SETTINGS.rate}/s; the highest rate it ` +
        `sustained in the probes below (stepped down, then bisected) is ${rate}/s` +
        `${sustainedAtRate ? '' : ' (none was sustained: this is the last one probed)'}.`;
  return [
    `Hosted sign-in under open-loop load: arrivals are due at a fixed rate whatever the earlier ones ` +
      `are doing, latency is counted from when a sign-in was due to the 303 with the code. ` +
      `**Password only**: authorize (answered with the login page) -> form post -> 303 with code (application policy ` +
      `override mfa.mode off). **Password + TOTP**: the same, then the MFA page -> post of a TOTP code ` +
      `the bench computes -> 303 with code (override mfa.mode required, methods totp and recovery_code). ` +
      `The authentication service is its own process hashing on one thread (UV_THREADPOOL_SIZE=1); ` +
      `password hash ${p.algorithm}, m=${p.memoryKiB} KiB, t=${p.iterations}, p=${p.parallelism}.`,
    '',
    `Settings: rate ${SETTINGS.rate}/s requested (BENCH_MFA_RATE), **${rate}/s used**; ` +
      `${SETTINGS.rounds} rounds (BENCH_MFA_ROUNDS) of ${SETTINGS.seconds} s (BENCH_MFA_SECONDS) per ` +
      `variant, alternating, medians of the rounds; probes of ${SETTINGS.probeSeconds} s ` +
      `(BENCH_MFA_PROBE_SECONDS, at most ${SETTINGS.probes}: BENCH_MFA_PROBES); ${SETTINGS.warmUp} warm-up ` +
      `sign-ins per variant (BENCH_MFA_WARMUP); ${users} users enrolled in TOTP, each signing in at most ` +
      'once per 30-s step (a code is accepted once per step). A probe keeps up when none failed, it ' +
      'answered at least 90% of the offered rate, its backlog cleared within 1 s of the window and its ' +
      `median stayed within ${SETTINGS.queueFactor}x (BENCH_MFA_QUEUE_FACTOR) of the unloaded one. ` +
      `Unloaded (one sign-in at a time, warm-up medians): password only ${idle.password.toFixed(1)} ms, ` +
      `password + TOTP ${idle.totp.toFixed(1)} ms, so the second factor alone adds ` +
      `${(idle.totp - idle.password).toFixed(1)} ms.`,
    '',
    rateNote,
    '',
    formatTable(
      [
        'probe: TOTP sign-ins offered/s',
        'achieved/s',
        'backlog drain (s)',
        'p50 (ms)',
        'p99 (ms)',
        'kept up',
      ],
      probes.map((r) => [
        String(r.rate),
        r.achievedRate.toFixed(1),
        r.drainSeconds.toFixed(2),
        msText(r.p50),
        msText(r.p99),
        r.keptUp ? 'yes' : 'no',
      ]),
    ),
    '',
    formatTable(
      [
        `variant at ${rate}/s`,
        'achieved/s',
        'sign-ins (failed)',
        'p50 (ms)',
        'p99 (ms)',
        'MFA step p50 (ms)',
        'MFA step p99 (ms)',
        'service CPU per sign-in (ms)',
      ],
      VARIANTS.map((v) => [
        VARIANT_NAMES[v],
        med(v, (r) => r.achievedRate).toFixed(1),
        `${of(v).reduce((n, r) => n + r.succeeded, 0)} (${of(v).reduce((n, r) => n + r.failed, 0)})`,
        msText(med(v, (r) => r.p50)),
        msText(med(v, (r) => r.p99)),
        msText(med(v, (r) => r.mfaP50)),
        msText(med(v, (r) => r.mfaP99)),
        med(v, (r) => r.cpuMsPerSignIn).toFixed(1),
      ]),
    ),
    '',
    formatTable(
      ['figure', 'value', `goal (issue 7, at ${GOAL_RATE}/s)`],
      [
        [
          'MFA adds, p99: p99(password + TOTP) - p99(password only)',
          `${msText(added)} ms`,
          `< ${GOAL_MS} ms: ${verdict(added)}`,
        ],
        ['MFA adds, p50', `${msText(addedP50)} ms`, ''],
        [
          "the MFA step's own p99 (GET MFA page + POST code)",
          `${msText(mfaP99)} ms`,
          `< ${GOAL_MS} ms: ${verdict(mfaP99)}`,
        ],
        [
          'service CPU the second factor adds per sign-in',
          `${(med('totp', (r) => r.cpuMsPerSignIn) - med('password', (r) => r.cpuMsPerSignIn)).toFixed(1)} ms`,
          '',
        ],
        ['rate used', `${rate}/s`, `${GOAL_RATE}/s${rate < GOAL_RATE ? ': **not reached**' : ''}`],
      ],
    ),
    '',
    formatTable(
      [
        'round',
        'variant',
        'achieved/s',
        'drain (s)',
        'p50 (ms)',
        'p99 (ms)',
        'MFA step p99 (ms)',
        'generator lag p99 (ms)',
      ],
      runs.map((r, i) => [
        String(Math.floor(i / VARIANTS.length) + 1),
        r.variant,
        r.achievedRate.toFixed(1),
        r.drainSeconds.toFixed(2),
        msText(r.p50),
        msText(r.p99),
        msText(r.mfaP99),
        msText(r.lagP99),
      ]),
    ),
    '',
    unsustained > 0
      ? `${unsustained} of ${runs.length} rounds did not keep up with ${rate}/s (see drain): their latencies include queueing.`
      : `Every round kept up with ${rate}/s.`,
  ].join('\n');
}
