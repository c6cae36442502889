import type { Request, Response } from 'express';
import { z } from 'zod';
import type { MfaDecision, MfaEnrolmentView } from '@idaas/identity';
import type { TenantView } from '@idaas/replica';
import { credentialChangeRefusal, type CredentialChangeRefusal } from '../domain/credential-change';
import type { AccountRefusalView } from '../pages/account-parts';
import type { MessageKey } from '../pages/messages';
import type { AccountSession } from './account-page-route';
import type { HostedDeps } from './deps';
import { mfaDecisionFor } from './second-factor';

/** Where a page tells a refused session to go: sign out, then sign in again through the application. */
export const signOutUrlOf = (deps: Pick<HostedDeps, 'issuerOf'>, tenant: TenantView): string =>
  `${deps.issuerOf(tenant)}/oauth2/logout`;

export interface AccountStanding {
  decision: MfaDecision;
  /** Every second factor the user holds, whether or not the tenant's policy lets them use it now. */
  enrolments: MfaEnrolmentView[];
  refusal: CredentialChangeRefusal | undefined;
}

/**
 * The account's second-factor standing for this session: the decision under the tenant's policy
 * (no application is involved, so as if the MFA class were asked for), the user's enrolments, and
 * whether this session may change the user's credentials now (`credentialChangeRefusal`).
 */
export async function accountStanding(
  deps: HostedDeps,
  { tenant, session }: AccountSession,
): Promise<AccountStanding> {
  const [decision, { enrolments }] = await Promise.all([
    mfaDecisionFor(deps, tenant.tenantId, '', session.userId, true),
    deps.mfa.mfaOf(tenant.tenantId, session.userId),
  ]);
  const refusal = credentialChangeRefusal(session, decision.step === 'verify', deps.clock());
  return { decision, enrolments, refusal };
}

/**
 * What an account page shows for its forms: the session's CSRF token, or for a refused session
 * the reason and where to sign in again. A refused session is shown no form, so it gets no new
 * token (which would void the one held).
 */
export async function formsOrRefusal(
  deps: Pick<HostedDeps, 'sessions' | 'issuerOf'>,
  { tenant, cookie }: AccountSession,
  refusal: CredentialChangeRefusal | undefined,
): Promise<{ csrfToken: string; refusal?: AccountRefusalView }> {
  if (refusal) return { csrfToken: '', refusal: { reason: refusal, signOutUrl: signOutUrlOf(deps, tenant) } };
  return { csrfToken: await deps.sessions.accountCsrf(tenant.tenantId, cookie) };
}

/** One change an account page makes, once the session may make it. */
export type AccountChange<S, F> = (
  account: AccountSession,
  form: F,
  state: S,
  req: Request,
  res: Response,
) => Promise<void>;

/**
 * Pipeline step before every change on the account pages: `load` reads where the account stands;
 * a session that may not change credentials now gets `refused` (the page again, saying why, 403)
 * and nothing changes.
 */
export const credentialChange =
  <S extends { refusal?: CredentialChangeRefusal | undefined }, F>(
    load: (account: AccountSession) => Promise<S>,
    refused: (account: AccountSession, state: S, req: Request, res: Response) => Promise<void>,
    change: AccountChange<S, F>,
  ) =>
  async (account: AccountSession, { form }: { form: F }, req: Request, res: Response): Promise<void> => {
    const state = await load(account);
    if (state.refusal) return refused(account, state, req, res);
    return change(account, form, state, req, res);
  };

/**
 * The `?done=` query of an account page: after a change, the redirect names what happened, and the
 * page shows that notice. `notices` maps each name to its message.
 */
export const doneQuery = <K extends string>(notices: Record<K, MessageKey>) =>
  z.object({ done: z.enum(Object.keys(notices) as [K, ...K[]]).optional() });

/**
 * Post/Redirect/Get after a change: back to the account page `path` (under the tenant's issuer),
 * whose `done` says what happened; a reload then does not post twice.
 */
export function backToAccountPage(
  deps: Pick<HostedDeps, 'issuerOf'>,
  res: Response,
  tenant: TenantView,
  path: string,
  done: string,
): void {
  res
    .status(303)
    .set('Cache-Control', 'no-store')
    .location(`${deps.issuerOf(tenant)}${path}?done=${done}`)
    .end();
}
