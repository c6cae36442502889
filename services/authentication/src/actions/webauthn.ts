import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AnyRoute } from '@idaas/http';
import { FlowExpiredError } from '@idaas/identity';
import { deviceLabel } from '../domain/device';
import type { HostedDeps } from '../hosted/deps';
import { assertCsrf, flowUrl, type RunningFlow } from '../hosted/flow-step';
import { csrfForm, flowFormRoute, flowPageResponses, flowPageRoute } from '../hosted/flow-page-route';
import { lookFor, pageError, sendPage } from '../hosted/page-response';
import { showRecoveryCodesOnce } from '../hosted/recovery-codes-step';
import { finishSignIn, flowMfaDecision, flowUserId, signingInUser } from '../hosted/second-factor';
import type { MessageKey } from '../pages/messages';
import { passkeyPage, WEBAUTHN_SCRIPT_HASHES, type PasskeyPageModel } from '../pages/webauthn-pages';
import {
  assertionOptions,
  registerCredential,
  registrationOptions,
  verifyAssertion,
  type Ceremony,
} from '../webauthn/ceremonies';
import { relyingPartyOf, webauthnAmr } from '../webauthn/relying-party';

const credentialForm = csrfForm.extend({
  /** The credential as JSON (base64url fields), from the page's script. */
  credential: z.string().max(32_000).default(''),
  label: z.string().max(64).optional(),
});

const pageResponses = flowPageResponses({
  200: { description: 'The page of this step', contentType: 'text/html' },
  303: { description: 'Step done: to the consent page or back to the client' },
  400: {
    description: 'The page with an error, or the error page (expired flow, no passkeys here)',
    contentType: 'text/html',
  },
});

/** This flow's ceremony at the region's relying party; a region served from an IP address has none. */
function ceremonyOf(deps: HostedDeps, running: RunningFlow): Ceremony {
  const rp = relyingPartyOf(deps.issuerOf(running.tenant));
  if (!rp) throw pageError(400, 'error.generic');
  return { rp, tenantId: running.tenant.tenantId, ceremonyId: running.flow.id };
}

/** The flow's user may use WebAuthn here (the policy and the admin allow it): the decision, and the ceremony. */
async function passkeyStep(deps: HostedDeps, running: RunningFlow, userId: string) {
  const decision = await flowMfaDecision(deps, running, userId);
  if (!decision.usableMethods.includes('webauthn')) throw pageError(400, 'error.flow_expired');
  return { decision, ceremony: ceremonyOf(deps, running) };
}

async function show(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  status: number,
  m: Omit<PasskeyPageModel, 'csrfToken'>,
): Promise<void> {
  const look = lookFor(deps, running.tenant, req, running.flow.request.uiLocales);
  const csrfToken = running.csrfToken ?? (await deps.flows.rotateCsrf(running.flow));
  sendPage(res, status, passkeyPage(look, { ...m, csrfToken }), WEBAUTHN_SCRIPT_HASHES);
}

// --- Second factor after the password -------------------------------------------------------

async function showSecondFactor(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  status: number,
  error?: MessageKey,
): Promise<void> {
  const userId = flowUserId(running);
  const { decision, ceremony } = await passkeyStep(deps, running, userId);
  const otherWays = decision.readyMethods.some((m) => m !== 'webauthn');
  await show(deps, req, res, running, status, {
    action: flowUrl(deps, running, 'login/mfa/webauthn'),
    ceremony: 'get',
    options: await assertionOptions(deps, ceremony, 'second_factor', userId),
    heading: 'passkey.verify_heading',
    explain: 'passkey.verify_explain',
    button: 'passkey.verify_button',
    links: otherWays ? [{ href: flowUrl(deps, running, 'login/mfa'), text: 'passkey.use_code' }] : [],
    ...(error ? { error } : {}),
  });
}

async function verifySecondFactor(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  form: z.output<typeof credentialForm>,
): Promise<void> {
  const userId = await signingInUser(deps, running, form.csrf_token);
  if (!userId) throw new FlowExpiredError(running.flow.id);
  const { ceremony } = await passkeyStep(deps, running, userId);
  const result = await verifyAssertion(deps, ceremony, 'second_factor', form.credential, userId);
  if (result.outcome !== 'verified') return showSecondFactor(deps, req, res, running, 400, 'passkey.invalid');
  const amr = webauthnAmr({
    afterPassword: true,
    userVerified: result.userVerified,
    deviceType: result.credential.deviceType,
  });
  await finishSignIn(deps, req, res, running, userId, amr);
}

// --- Enrolment at first sign-in -------------------------------------------------------------

async function showEnrolment(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  status: number,
  error?: MessageKey,
): Promise<void> {
  const userId = flowUserId(running);
  const { decision, ceremony } = await passkeyStep(deps, running, userId);
  const user = await deps.users.findById(running.tenant.tenantId, userId);
  if (!user) throw new FlowExpiredError(running.flow.id);
  const look = lookFor(deps, running.tenant, req, running.flow.request.uiLocales);
  await show(deps, req, res, running, status, {
    action: flowUrl(deps, running, 'login/mfa/enrol/webauthn'),
    ceremony: 'create',
    options: await registrationOptions(deps, ceremony, { userId, email: user.email }, look.productName),
    heading: 'passkey.enrol_heading',
    explain: 'passkey.enrol_explain',
    button: 'passkey.enrol_button',
    labelPlaceholder: deviceLabel(req.get('user-agent')),
    links: decision.usableMethods.includes('totp')
      ? [{ href: flowUrl(deps, running, 'login/mfa/enrol'), text: 'passkey.use_app' }]
      : [],
    ...(error ? { error } : {}),
  });
}

async function enrol(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  form: z.output<typeof credentialForm>,
): Promise<void> {
  const userId = await signingInUser(deps, running, form.csrf_token);
  if (!userId) throw new FlowExpiredError(running.flow.id);
  const { ceremony } = await passkeyStep(deps, running, userId);
  const label = form.label?.trim() || deviceLabel(req.get('user-agent'));
  const outcome = await registerCredential(deps, ceremony, userId, form.credential, label);
  if (outcome !== 'registered') return showEnrolment(deps, req, res, running, 400, 'passkey.invalid');
  await deps.mfaChanges.record(
    running.tenant.tenantId,
    userId,
    { method: 'webauthn', change: 'enrolled' },
    deps.clock(),
  );
  // As after TOTP: a way back in if the key is lost, shown once before the sign-in goes on.
  const codes = await deps.mfa.issueRecoveryCodes(running.tenant.tenantId, userId, deps.clock());
  await showRecoveryCodesOnce(deps, req, res, running, userId, codes, {
    state: 'showing_passkey_recovery_codes',
    continuePath: 'login/mfa/enrol/webauthn/done',
  });
}

async function continueAfterEnrolment(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  form: z.output<typeof csrfForm>,
): Promise<void> {
  const userId = await signingInUser(deps, running, form.csrf_token);
  if (!userId) throw new FlowExpiredError(running.flow.id);
  // The registration was the second factor; the newest credential is the one just made.
  const newest = (await deps.passkeys.credentialsOf(running.tenant.tenantId, userId)).at(-1);
  if (!newest) throw new FlowExpiredError(running.flow.id);
  const amr = webauthnAmr({ afterPassword: true, userVerified: false, deviceType: newest.deviceType });
  await finishSignIn(deps, req, res, running, userId, amr);
}

// --- Passwordless sign-in -------------------------------------------------------------------

/** Passkeys sign in without a password only where the effective policy allows WebAuthn. */
function assertPasswordlessAllowed(deps: HostedDeps, running: RunningFlow): Ceremony {
  const { policy } = deps.policies.effectiveFor(running.tenant.tenantId, running.client.applicationId);
  if (!policy.mfa.methods.includes('webauthn')) throw pageError(400, 'error.flow_expired');
  return ceremonyOf(deps, running);
}

async function showPasswordless(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  status: number,
  error?: MessageKey,
): Promise<void> {
  const ceremony = assertPasswordlessAllowed(deps, running);
  await show(deps, req, res, running, status, {
    action: flowUrl(deps, running, 'login/passkey'),
    ceremony: 'get',
    options: await assertionOptions(deps, ceremony, 'passwordless'),
    heading: 'passkey.signin_heading',
    explain: 'passkey.signin_explain',
    button: 'passkey.signin_button',
    links: [{ href: flowUrl(deps, running, 'login'), text: 'passkey.use_password' }],
    ...(error ? { error } : {}),
  });
}

/**
 * The passkey names the user (its user handle is our user id, and the credential must be one of
 * this tenant's); that user must be active and allowed WebAuthn, as the admin may restrict a
 * user's methods. A passkey verified this way (user verification required) is multi-factor.
 */
async function signInWithPasskey(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  form: z.output<typeof credentialForm>,
): Promise<void> {
  assertCsrf(running.flow, form.csrf_token);
  const ceremony = assertPasswordlessAllowed(deps, running);
  const result = await verifyAssertion(deps, ceremony, 'passwordless', form.credential);
  if (result.outcome !== 'verified') return showPasswordless(deps, req, res, running, 400, 'passkey.invalid');
  const { userId } = result.credential;
  const decision = await flowMfaDecision(deps, running, userId);
  const allowed =
    decision.usableMethods.includes('webauthn') &&
    (await deps.passkeys.recordPasswordlessSignIn(running.tenant.tenantId, userId, deps.clock()));
  if (!allowed) return showPasswordless(deps, req, res, running, 400, 'passkey.invalid');
  const amr = webauthnAmr({
    afterPassword: false,
    userVerified: result.userVerified,
    deviceType: result.credential.deviceType,
  });
  await finishSignIn(deps, req, res, running, userId, amr);
}

/**
 * WebAuthn in the hosted sign-in: the passkey as second factor (`/login/mfa/webauthn`), its
 * enrolment at first sign-in (`/login/mfa/enrol/webauthn`), and sign-in with a passkey alone
 * (`/login/passkey`). Each GET shows a page with a fresh single-use challenge; each POST takes
 * the credential its script produced, with the flow's CSRF token.
 */
export const webauthnRoutes = (deps: HostedDeps): AnyRoute[] => [
  flowPageRoute(deps, {
    path: '/t/:tenant/login/mfa/webauthn',
    operationId: 'showPasskeySecondFactorPage',
    summary: 'Second step of a sign-in: a security key or passkey',
    responses: pageResponses,
    state: 'awaiting_second_factor',
    show: (running, req, res) => showSecondFactor(deps, req, res, running, 200),
  }),
  flowFormRoute(deps, {
    path: '/t/:tenant/login/mfa/webauthn',
    operationId: 'submitPasskeySecondFactor',
    summary: 'Check a WebAuthn assertion against the flow’s single-use challenge',
    responses: pageResponses,
    state: 'awaiting_second_factor',
    form: credentialForm,
    submit: (running, form, req, res) => verifySecondFactor(deps, req, res, running, form),
  }),
  flowPageRoute(deps, {
    path: '/t/:tenant/login/mfa/enrol/webauthn',
    operationId: 'showPasskeyEnrolmentPage',
    summary: 'Enrolment at first sign-in: register a passkey or security key',
    responses: pageResponses,
    state: 'awaiting_mfa_enrolment',
    show: (running, req, res) => showEnrolment(deps, req, res, running, 200),
  }),
  flowFormRoute(deps, {
    path: '/t/:tenant/login/mfa/enrol/webauthn',
    operationId: 'registerPasskeyAtSignIn',
    summary: 'Register the new credential; answers the recovery codes, shown once',
    responses: pageResponses,
    state: 'awaiting_mfa_enrolment',
    form: credentialForm,
    submit: (running, form, req, res) => enrol(deps, req, res, running, form),
  }),
  flowFormRoute(deps, {
    path: '/t/:tenant/login/mfa/enrol/webauthn/done',
    operationId: 'continueAfterPasskeyEnrolment',
    summary: 'The recovery codes were seen: finish the sign-in',
    responses: pageResponses,
    state: 'showing_passkey_recovery_codes',
    form: csrfForm,
    submit: (running, form, req, res) => continueAfterEnrolment(deps, req, res, running, form),
  }),
  flowPageRoute(deps, {
    path: '/t/:tenant/login/passkey',
    operationId: 'showPasskeySignInPage',
    summary: 'Sign in with a passkey alone (discoverable credential, user verification required)',
    responses: pageResponses,
    state: 'awaiting_credentials',
    show: (running, req, res) => showPasswordless(deps, req, res, running, 200),
  }),
  flowFormRoute(deps, {
    path: '/t/:tenant/login/passkey',
    operationId: 'signInWithPasskey',
    summary: 'Check a passkey assertion; its user handle names the user',
    responses: pageResponses,
    state: 'awaiting_credentials',
    form: credentialForm,
    submit: (running, form, req, res) => signInWithPasskey(deps, req, res, running, form),
  }),
];
