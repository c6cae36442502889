import { performance } from 'node:perf_hooks';
import type { UsersStack } from './users-stack';

export interface SignUpRate {
  signUpsPerSecond: number;
  /** Sign-ups per second of CPU the registration service used (all its threads). */
  signUpsPerCpuSecond: number;
  failures: number;
}

const PASSWORD = 'a sign-up password, benchmarked';

/**
 * `concurrency` clients sign up new addresses (each a fresh user: one argon2id hash, the user and
 * its events, a verification message) for `seconds`. Answers other than 202 are failures.
 */
export async function signUpRate(
  stack: UsersStack,
  { seconds, concurrency, round }: { seconds: number; concurrency: number; round: number },
  log: (m: string) => void,
): Promise<SignUpRate> {
  let done = 0;
  let failures = 0;
  let lastStatus = 0;
  let next = 0;
  const signUp = async () => {
    const email = `signup-${round}-${next++}@bench.example`;
    const res = await fetch(`${stack.registration.url}/t/${stack.slug}/api/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    await res.arrayBuffer();
    if (res.status === 202 || res.status === 201) done += 1;
    else {
      failures += 1;
      lastStatus = res.status;
    }
  };
  const cpuBefore = stack.registration.cpuSeconds();
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) await signUp();
    }),
  );
  const wall = (performance.now() - started) / 1000;
  const cpu = stack.registration.cpuSeconds() - cpuBefore;
  if (failures > 0) log(`${failures} sign-ups failed, the last with ${lastStatus}`);
  log(`round ${round}: ${done} sign-ups in ${wall.toFixed(1)} s, ${cpu.toFixed(1)} CPU-s of the service`);
  return { signUpsPerSecond: done / wall, signUpsPerCpuSecond: done / cpu, failures };
}
