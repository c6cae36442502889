import { performance } from 'node:perf_hooks';
import { hashPassword } from '@idaas/crypto';
import { cookiePair, fetchPage, loginFlowOf, pkce, postForm, readForm } from '@idaas/dev/src/hosted-pages';
import { median } from '../stats';
import { basicAuth, LOGIN_PASSWORD, LOGIN_REDIRECT_URI, type TokenStack } from './token-stack';

export interface LoginRate {
  loginsPerSecond: number;
  /** Logins per second of CPU the authentication service used (all its threads). */
  loginsPerCpuSecond: number;
  /** Cores the service kept busy on average during the window (CPU seconds / wall seconds). */
  serviceCores: number;
  failures: number;
}

export interface HashCost {
  /** Median wall-clock time of one hash. */
  wallSeconds: number;
  /** CPU time of one hash (all threads of this process, averaged over the samples). */
  cpuSeconds: number;
}

/**
 * What one password hash with the production parameters costs on this process, hashed one
 * after the other. The ceiling is set by its CPU time: the wall-clock time grows whenever the
 * database, the broker or other work take the core, and logins are counted per CPU-second too.
 */
export async function passwordHashCost(samples: number): Promise<HashCost> {
  await hashPassword('warm-up');
  const times: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await hashPassword(`bench-password-${i}`);
    times.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { wallSeconds: median(times) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 / samples };
}

/** The device cookie names the browser (it outlives the session, which each login here lacks). */
const DEVICE_COOKIE = 'idaas_device';

/**
 * What a user's own browser keeps between their logins: the device cookie, not the SSO session.
 * Each login is then a returning user whose session ended, the usual password sign-in; without
 * it every login would be a never-seen browser (new-device record, event and email each time).
 */
interface Browser {
  deviceCookie?: string;
}

/**
 * One full sign-in as a browser and its client do it, in three requests: authorize (PKCE S256),
 * which answers with the login page; the form post with its CSRF token, answered by the 303 to
 * the client with a code; the code exchange. Throws on any step that is not what a successful
 * login answers.
 */
async function signIn(stack: TokenStack, email: string, browser: Browser): Promise<void> {
  const { verifier, challenge } = pkce();
  const query = new URLSearchParams({
    client_id: stack.portal.clientId,
    redirect_uri: LOGIN_REDIRECT_URI,
    response_type: 'code',
    scope: 'openid email',
    state: 'bench',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const page = await fetchPage(`${stack.issuer}/oauth2/authorize?${query.toString()}`);
  if (!loginFlowOf(page)) throw new Error(`authorize answered ${page.status}, not the login page`);
  const form = readForm(page.text);
  const posted = await postForm(
    form.action,
    { ...form.hidden, email, password: LOGIN_PASSWORD },
    browser.deviceCookie,
  );
  const device = posted.cookies.find((c) => c.startsWith(`${DEVICE_COOKIE}=`));
  if (device) browser.deviceCookie = cookiePair(device);
  const code = posted.location && new URL(posted.location).searchParams.get('code');
  if (posted.status !== 303 || !code) throw new Error(`login form post answered ${posted.status}`);
  const token = await fetch(`${stack.issuer}/oauth2/token`, {
    method: 'POST',
    headers: { authorization: basicAuth(stack.portal), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: LOGIN_REDIRECT_URI,
      code_verifier: verifier,
    }),
  });
  await token.arrayBuffer();
  if (token.status !== 200) throw new Error(`code exchange answered ${token.status}`);
}

/** Every user signs in again and again, all at once, for `seconds`; lockout is per user. */
export async function loginRate(
  stack: TokenStack,
  seconds: number,
  log: (m: string) => void,
): Promise<LoginRate> {
  // One warm-up login per user (JIT, connections) before the clock starts.
  const browsers = new Map(stack.users.map((email) => [email, {} as Browser]));
  await Promise.all(stack.users.map((email) => signIn(stack, email, browsers.get(email)!)));
  let done = 0;
  let failures = 0;
  let lastError: unknown;
  const cpuBefore = stack.authentication.cpuSeconds();
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    stack.users.map(async (email) => {
      while (performance.now() < until) {
        try {
          await signIn(stack, email, browsers.get(email)!);
          done += 1;
        } catch (e) {
          failures += 1;
          lastError = e;
        }
      }
    }),
  );
  const wallSeconds = (performance.now() - started) / 1000;
  const cpuSeconds = stack.authentication.cpuSeconds() - cpuBefore;
  if (lastError) log(`last failed login: ${String(lastError)}`);
  const rate = done / wallSeconds;
  const perCpuSecond = done / cpuSeconds;
  log(
    `logins: ${rate.toFixed(1)}/s with ${stack.users.length} users at once, ${failures} failed; ` +
      `${perCpuSecond.toFixed(1)} per CPU-second of the service (${(cpuSeconds / wallSeconds).toFixed(2)} cores busy)`,
  );
  return {
    loginsPerSecond: rate,
    loginsPerCpuSecond: perCpuSecond,
    serviceCores: cpuSeconds / wallSeconds,
    failures,
  };
}
