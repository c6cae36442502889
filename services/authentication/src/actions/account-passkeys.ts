import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AnyRoute } from '@idaas/http';
import { WEBAUTHN_CREDENTIALS_PER_USER } from '@idaas/user-store';
import { deviceLabel } from '../domain/device';
import {
  accountStanding,
  backToAccountPage,
  credentialChange,
  signOutUrlOf,
  type AccountChange,
} from '../hosted/account-change';
import { accountPageResponses, accountPageRoute, type AccountSession } from '../hosted/account-page-route';
import type { HostedDeps } from '../hosted/deps';
import { csrfForm } from '../hosted/flow-page-route';
import { lookFor, sendPage } from '../hosted/page-response';
import { accountPasskeysPage, type AccountPasskeysModel } from '../pages/account-passkeys-page';
import type { MessageKey } from '../pages/messages';
import { WEBAUTHN_SCRIPT_HASHES } from '../pages/webauthn-pages';
import { registerCredential, registrationOptions, type Ceremony } from '../webauthn/ceremonies';
import { relyingPartyOf } from '../webauthn/relying-party';

const PATH = '/t/:tenant/account/passkeys';

const pageQuery = z.object({
  /** Set by the redirect after a change, so the page can say what happened. */
  done: z.enum(['added', 'removed']).optional(),
});
const addForm = csrfForm.extend({
  /** The new credential as JSON (base64url fields), from the page's script. */
  credential: z.string().max(32_000).default(''),
  label: z.string().max(64).optional(),
});
/** A credential id is at most 1023 bytes: 1364 characters of base64url. */
const removeForm = csrfForm.extend({ credential_id: z.string().min(1).max(1400) });

/**
 * Where the account's passkeys stand for this session: the user's credentials, whether they have a
 * second factor (the tenant's policy, as no application is involved), whether the session may
 * change credentials now, and the ceremony when a passkey can be added here.
 */
async function passkeyAccount(deps: HostedDeps, account: AccountSession) {
  const { tenant, session } = account;
  const { tenantId } = tenant;
  const { decision, refusal } = await accountStanding(deps, account);
  const passkeys = await deps.passkeys.credentialsOf(tenantId, session.userId);
  const rp = relyingPartyOf(deps.issuerOf(tenant));
  // The challenge is bound to the SSO session, as the sign-in's are to the login flow.
  const ceremony: Ceremony | undefined =
    rp && decision.usableMethods.includes('webauthn')
      ? { rp, tenantId, ceremonyId: session.sessionId }
      : undefined;
  const otherFactors = decision.readyMethods.some((m) => m !== 'webauthn' && m !== 'recovery_code');
  const { policy } = deps.policies.effectiveFor(tenantId, '');
  return {
    passkeys,
    refusal,
    ceremony,
    lastFactorWarning: policy.mfa.mode === 'required' && passkeys.length === 1 && !otherFactors,
  };
}

type PasskeyAccount = Awaited<ReturnType<typeof passkeyAccount>>;

async function showAccount(
  deps: HostedDeps,
  req: Request,
  res: Response,
  account: AccountSession,
  status: number,
  say: { notice?: MessageKey; error?: MessageKey; ceremonyError?: MessageKey } = {},
  state?: PasskeyAccount,
): Promise<void> {
  const { tenant, session, cookie } = account;
  const { passkeys, refusal, ceremony, lastFactorWarning } = state ?? (await passkeyAccount(deps, account));
  const look = lookFor(deps, tenant, req);
  const issuer = deps.issuerOf(tenant);
  const csrfToken = await deps.sessions.accountCsrf(tenant.tenantId, cookie);
  let add: AccountPasskeysModel['add'] = { kind: 'unavailable', reason: 'account.unavailable' };
  if (passkeys.length >= WEBAUTHN_CREDENTIALS_PER_USER)
    add = { kind: 'unavailable', reason: 'account.limit', max: WEBAUTHN_CREDENTIALS_PER_USER };
  else if (ceremony && !refusal) {
    const user = await deps.users.findById(tenant.tenantId, session.userId);
    add = {
      kind: 'ceremony',
      form: {
        action: `${issuer}/account/passkeys`,
        csrfToken,
        options: await registrationOptions(
          deps,
          ceremony,
          { userId: session.userId, email: user?.email ?? '' },
          look.productName,
        ),
        labelPlaceholder: deviceLabel(req.get('user-agent')),
        ...(say.ceremonyError ? { error: say.ceremonyError } : {}),
      },
    };
  }
  const model: AccountPasskeysModel = {
    passkeys: passkeys.map((p) => ({
      credentialId: p.credentialId,
      label: p.label,
      createdAt: p.createdAt,
      ...(p.lastUsedAt ? { lastUsedAt: p.lastUsedAt } : {}),
    })),
    removeAction: `${issuer}/account/passkeys/remove`,
    overviewUrl: `${issuer}/account`,
    csrfToken,
    ...(refusal ? { refusal: { reason: refusal, signOutUrl: signOutUrlOf(deps, tenant) } } : {}),
    add,
    lastFactorWarning,
    ...(say.notice ? { notice: say.notice } : {}),
    ...(say.error ? { error: say.error } : {}),
  };
  sendPage(
    res,
    status,
    accountPasskeysPage(look, model),
    add.kind === 'ceremony' ? WEBAUTHN_SCRIPT_HASHES : [],
  );
}

/** Post/Redirect/Get: the list is shown again by a GET, so a reload does not post twice. */
const backToAccount = (deps: HostedDeps, res: Response, account: AccountSession, done: 'added' | 'removed') =>
  backToAccountPage(deps, res, account.tenant, '/account/passkeys', done);

type PasskeyChange<F> = (
  deps: HostedDeps,
  req: Request,
  res: Response,
  account: AccountSession,
  form: F,
  state: PasskeyAccount,
) => Promise<void>;

/**
 * Step before every change of the account's passkeys: it runs only while this session may change
 * credentials (`credentialChangeRefusal`); else the page again says why (403).
 */
const passkeyChange = <F>(deps: HostedDeps, change: PasskeyChange<F>) =>
  credentialChange<PasskeyAccount, F>(
    (account) => passkeyAccount(deps, account),
    (account, state, req, res) => showAccount(deps, req, res, account, 403, {}, state),
    ((account, form, state, req, res) =>
      change(deps, req, res, account, form, state)) satisfies AccountChange<PasskeyAccount, F>,
  );

const addPasskey: PasskeyChange<z.output<typeof addForm>> = async (deps, req, res, account, form, state) => {
  if (!state.ceremony)
    return showAccount(deps, req, res, account, 400, { error: 'account.unavailable' }, state);
  if (state.passkeys.length >= WEBAUTHN_CREDENTIALS_PER_USER)
    return showAccount(deps, req, res, account, 409, {}, state);
  const label = form.label?.trim() || deviceLabel(req.get('user-agent'));
  const outcome = await registerCredential(
    deps,
    state.ceremony,
    account.session.userId,
    form.credential,
    label,
  );
  if (outcome === 'refused')
    return showAccount(deps, req, res, account, 400, { ceremonyError: 'passkey.invalid' });
  if (outcome === 'already_registered')
    return showAccount(deps, req, res, account, 409, { error: 'account.exists' });
  await deps.mfaChanges.record(
    account.tenant.tenantId,
    account.session.userId,
    { method: 'webauthn', change: 'enrolled' },
    deps.clock(),
  );
  backToAccount(deps, res, account, 'added');
};

/** Through `SecondFactorRemoval`, so the recovery codes go too when this was the last second factor. */
const removePasskey: PasskeyChange<z.output<typeof removeForm>> = async (deps, req, res, account, form) => {
  const { tenant, session } = account;
  const removed = await deps.secondFactors.removePasskey(
    tenant.tenantId,
    session.userId,
    form.credential_id,
    'user',
    deps.clock(),
  );
  if (!removed.length) return showAccount(deps, req, res, account, 404, { error: 'account.not_found' });
  backToAccount(deps, res, account, 'removed');
};

const pageResponses = accountPageResponses({
  200: { description: 'The account page: the user’s passkeys and "Add a passkey"', contentType: 'text/html' },
});
const formResponses = accountPageResponses({
  303: { description: 'Done: back to the account page, which says so' },
  400: {
    description: 'The page again: the passkey was not accepted, or passkeys cannot be added here',
    contentType: 'text/html',
  },
  403: {
    description:
      'The page again: this session must sign in again (recently, with the second factor) first; or "sign in first", or the CSRF error page',
    contentType: 'text/html',
  },
  404: {
    description: 'The page again: no such passkey of this user; or the error page: no such tenant',
    contentType: 'text/html',
  },
  409: {
    description: 'The page again: already registered, or the most passkeys allowed',
    contentType: 'text/html',
  },
});

/**
 * The signed-in user's own passkeys on the hosted pages, bound to the browser's SSO session:
 * the list (label and dates, never key material), "Add a passkey" (a registration ceremony whose
 * challenge is bound to the session) and "Remove". Changes need a recent sign-in, with the second
 * factor when the user has one (`credentialChangeRefusal`).
 */
export const accountPasskeyRoutes = (deps: HostedDeps): AnyRoute[] => [
  accountPageRoute(deps, {
    method: 'get',
    path: PATH,
    operationId: 'showMyPasskeysPage',
    summary: 'The signed-in user’s passkeys (SSO session), to add and remove',
    responses: pageResponses,
    query: pageQuery,
    run: (account, { query }, req, res) =>
      showAccount(deps, req, res, account, 200, query.done ? { notice: `account.${query.done}` } : {}),
  }),
  accountPageRoute(deps, {
    method: 'post',
    path: PATH,
    operationId: 'addMyPasskey',
    summary: 'Register a new passkey against the session’s single-use challenge',
    responses: formResponses,
    form: addForm,
    run: passkeyChange(deps, addPasskey),
  }),
  accountPageRoute(deps, {
    method: 'post',
    path: `${PATH}/remove`,
    operationId: 'removeMyPasskey',
    summary: 'Remove one of the signed-in user’s passkeys',
    responses: formResponses,
    form: removeForm,
    run: passkeyChange(deps, removePasskey),
  }),
];
