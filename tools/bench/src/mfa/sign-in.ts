import { performance } from 'node:perf_hooks';
import { totpAt, totpStep } from '@idaas/crypto';
import {
  fetchPage,
  loginFlowOf,
  pkce,
  postForm,
  readForm,
  type PageResponse,
} from '@idaas/dev/src/hosted-pages';
import { LOGIN_PASSWORD, LOGIN_REDIRECT_URI } from '../tokens/token-stack';

/** An application of the bench tenant, at its issuer. */
export interface SignInTarget {
  issuer: string;
  clientId: string;
}

/**
 * Authorize (PKCE S256), which answers with the login page, and the form post with the password
 * and CSRF token: the answer to the post (a 303 to the client with a code, or to the next step).
 */
async function passwordStep(target: SignInTarget, email: string): Promise<PageResponse> {
  const query = new URLSearchParams({
    client_id: target.clientId,
    redirect_uri: LOGIN_REDIRECT_URI,
    response_type: 'code',
    scope: 'openid email',
    state: 'bench',
    code_challenge: pkce().challenge,
    code_challenge_method: 'S256',
  });
  const page = await fetchPage(`${target.issuer}/oauth2/authorize?${query.toString()}`);
  if (!loginFlowOf(page)) throw new Error(`authorize answered ${page.status}, not the login page`);
  const form = readForm(page.text);
  return postForm(form.action, { ...form.hidden, email, password: LOGIN_PASSWORD });
}

/** The sign-in ended at the client with an authorization code. */
function assertCode(answer: PageResponse, what: string): void {
  const location = answer.location ? new URL(answer.location) : undefined;
  const code = location?.searchParams.get('code');
  if (answer.status !== 303 || !code || !answer.location?.startsWith(LOGIN_REDIRECT_URI))
    throw new Error(`${what} answered ${answer.status} to ${answer.location ?? 'nowhere'}`);
}

/** Variant 1: the policy asks for no second factor; the password post answers with the code. */
export async function passwordSignIn(target: SignInTarget, email: string): Promise<void> {
  assertCode(await passwordStep(target, email), 'the password post');
}

/**
 * Where the password post of an MFA sign-in leads, which must be `next`: the second-factor page
 * of its flow (`/login/mfa`), or the enrolment page (`/login/mfa/enrol`) for a user without one.
 */
export async function nextStepAfterPassword(
  target: SignInTarget,
  email: string,
  next: '/login/mfa' | '/login/mfa/enrol',
): Promise<string> {
  const posted = await passwordStep(target, email);
  if (posted.status !== 303 || !posted.location?.includes(`${next}?flow=`))
    throw new Error(`the password post answered ${posted.status} to ${posted.location ?? 'nowhere'}`);
  return posted.location;
}

export interface TotpSignIn {
  /** The second factor's own time: GET of the MFA page and POST of the code, in milliseconds. */
  mfaStepMs: number;
}

/**
 * Variant 2: the password, then the second-factor page and a TOTP code computed here from the
 * user's secret, as an authenticator app would. `usedStep` hears the code's time step before it
 * is sent, so the caller never sends a code of that step for this user again.
 */
export async function totpSignIn(
  target: SignInTarget,
  user: { email: string; secret: string },
  usedStep: (step: number) => void,
): Promise<TotpSignIn> {
  const mfaPage = await nextStepAfterPassword(target, user.email, '/login/mfa');
  const started = performance.now();
  const page = await fetchPage(mfaPage);
  if (page.status !== 200) throw new Error(`the MFA page answered ${page.status}`);
  const form = readForm(page.text);
  const now = new Date();
  usedStep(totpStep(now));
  const posted = await postForm(form.action, {
    ...form.hidden,
    method: 'totp',
    code: totpAt(user.secret, now),
  });
  assertCode(posted, 'the TOTP post');
  return { mfaStepMs: performance.now() - started };
}
