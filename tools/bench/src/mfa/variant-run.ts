import { performance } from 'node:perf_hooks';
import { totpStep } from '@idaas/crypto';
import { percentile } from '../stats';
import { TOTP_STEP_SECONDS, type MfaStack } from './mfa-stack';
import { openLoop, throughputOf, type Throughput } from './open-loop';
import { passwordSignIn, totpSignIn, type TotpSignIn } from './sign-in';
import { usersFor } from './totp-user-pool';

export type Variant = 'password' | 'totp';

export const VARIANT_NAMES: Record<Variant, string> = {
  password: 'password only (MFA off)',
  totp: 'password + TOTP (MFA required)',
};

/** What one open-loop run of one variant measured; latencies in milliseconds. */
export interface VariantRun extends Throughput {
  variant: Variant;
  rate: number;
  /** Whole sign-in, from when it was due (not when the generator got to it) to the code. */
  p50: number;
  p99: number;
  /** The second factor's own requests (GET the MFA page, POST the code); NaN for passwords. */
  mfaP50: number;
  mfaP99: number;
  /** How late the generator started arrivals, p99: the bench's own share of the latencies. */
  lagP99: number;
  /** CPU of the authentication service (all its threads) per successful sign-in. */
  cpuMsPerSignIn: number;
}

/** One sign-in of `variant` as the open loop's arrival `index`. */
function arrival(ms: MfaStack, variant: Variant, index: number): Promise<TotpSignIn | undefined> {
  const { pool } = ms;
  if (variant === 'password') {
    // The policy asks these users for no code here, so any of them may sign in any time.
    return passwordSignIn(ms.passwordOnly, pool.users[index % pool.users.length]!.email).then(
      () => undefined,
    );
  }
  const user = pool.take(totpStep(new Date()));
  // Never reached when the pool was grown for the run; a replayed code would fail anyway.
  if (!user) return Promise.reject(new Error('every TOTP user has already signed in in this time step'));
  let used: number | undefined;
  return totpSignIn(ms.withTotp, user, (step) => (used = step)).finally(() => pool.give(user, used));
}

/** Enrols more users if fewer than `needed` may sign in with TOTP in the current time step. */
async function ensureFreeUsers(ms: MfaStack, needed: number): Promise<void> {
  const available = ms.pool.availableAt(totpStep(new Date()));
  if (available < needed) await ms.growPool(ms.pool.total + needed - available);
}

/**
 * `count` sign-ins of a variant one after another, so the JIT and the connections settle first.
 * Their median in milliseconds is the variant's latency without load.
 */
export async function warmUp(ms: MfaStack, variant: Variant, count: number): Promise<number> {
  if (variant === 'totp') await ensureFreeUsers(ms, count);
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await arrival(ms, variant, i);
    latencies.push(performance.now() - started);
  }
  return percentile(latencies, 50);
}

/**
 * `seconds` of sign-ins of one variant arriving at `rate` per second. For TOTP, first enrols
 * enough users that none has to sign in twice in one time step.
 */
export async function runVariant(
  ms: MfaStack,
  variant: Variant,
  rate: number,
  seconds: number,
): Promise<VariantRun> {
  if (variant === 'totp') await ensureFreeUsers(ms, usersFor(rate, Math.min(seconds, TOTP_STEP_SECONDS)));
  const cpuBefore = ms.stack.authentication.cpuSeconds();
  const run = await openLoop({ rate, seconds }, (index) => arrival(ms, variant, index));
  const cpuSeconds = ms.stack.authentication.cpuSeconds() - cpuBefore;
  const throughput = throughputOf(run);
  const ok = run.arrivals.filter((a) => a.error === undefined);
  const latencies = ok.map((a) => a.finishedAt - a.dueAt);
  const mfa = ok.flatMap((a) => (a.value ? [a.value.mfaStepMs] : []));
  const lags = run.arrivals.map((a) => a.startedAt - a.dueAt);
  return {
    ...throughput,
    variant,
    rate,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    mfaP50: percentile(mfa, 50),
    mfaP99: percentile(mfa, 99),
    lagP99: percentile(lags, 99),
    cpuMsPerSignIn: (cpuSeconds * 1000) / Math.max(1, throughput.succeeded),
  };
}

export function describeRun(r: VariantRun): string {
  const mfa =
    r.variant === 'totp' ? `, MFA step p50 ${r.mfaP50.toFixed(1)} p99 ${r.mfaP99.toFixed(1)} ms` : '';
  const failed = r.failed > 0 ? `, ${r.failed} failed (last: ${String(r.lastError)})` : '';
  return (
    `${r.variant} at ${r.rate}/s: achieved ${r.achievedRate.toFixed(1)}/s, drain ${r.drainSeconds.toFixed(2)} s` +
    `${r.sustained ? '' : ' (NOT sustained)'}; sign-in p50 ${r.p50.toFixed(1)} p99 ${r.p99.toFixed(1)} ms${mfa}; ` +
    `service CPU ${r.cpuMsPerSignIn.toFixed(1)} ms per sign-in; generator lag p99 ${r.lagP99.toFixed(1)} ms${failed}`
  );
}
