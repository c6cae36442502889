import type { Request, Response } from 'express';
import { acrOf, FlowExpiredError, type LoginFlowState } from '@idaas/identity';
import type { ApplicationView, TenantView } from '@idaas/replica';
import type { AuthorizationRequest } from '../domain/authorization-request';
import type { LoginFlow } from '../store/flow-store';
import { newLoginFlow } from './new-login-flow';
import type { SsoSession } from '../store/session-store';
import { authorizationError, errorToClient, returnToClient } from './client-response';
import type { HostedDeps } from './deps';
import { lookFor } from './page-response';

export interface Authorizing {
  tenant: TenantView;
  client: ApplicationView;
  request: AuthorizationRequest;
  session: SsoSession;
  /** The flow the user came through, if any; it moves on exactly once. */
  flow?: LoginFlow;
}

/** Third-party applications ask the user once per scope; first-party applications never ask. */
async function needsConsent(deps: HostedDeps, a: Authorizing): Promise<boolean> {
  if (a.client.firstParty) return false;
  if (a.request.prompt === 'consent') return true;
  return !(await deps.consents.covers(
    a.tenant.tenantId,
    a.session.userId,
    a.client.applicationId,
    a.request.scope,
  ));
}

async function moveFlow(
  deps: HostedDeps,
  flow: LoginFlow,
  to: LoginFlowState,
  userId: string,
): Promise<void> {
  if (!(await deps.flows.transition(flow, flow.state, to, userId))) throw new FlowExpiredError(flow.id);
}

/**
 * The signed-in user's flow, at `awaiting_consent`, sent to the page that asks them: the flow they
 * came through moves on, or (their session was already live) a new one starts there.
 */
async function toConfirmationPage(
  deps: HostedDeps,
  res: Response,
  a: Authorizing,
  page: 'consent' | 'device/confirm',
): Promise<void> {
  let flowId = a.flow?.id;
  if (a.flow) await moveFlow(deps, a.flow, 'awaiting_consent', a.session.userId);
  else {
    const { flow } = await newLoginFlow(deps, a.tenant.tenantId, a.request, {
      state: 'awaiting_consent',
      userId: a.session.userId,
    });
    flowId = flow.id;
  }
  res
    .status(303)
    .set('Cache-Control', 'no-store')
    .location(`${deps.issuerOf(a.tenant)}/${page}?flow=${flowId}`)
    .end();
}

/**
 * The user is signed in: ask for consent when needed, else issue the code and return to the
 * client. https://openid.net/specs/openid-connect-core-1_0.html#AuthResponse
 */
export async function completeAuthorization(
  deps: HostedDeps,
  req: Request,
  res: Response,
  a: Authorizing,
  consented = false,
): Promise<void> {
  // A device's sign-in always ends on its confirmation page, which is its consent too: the device
  // may not be the user's (https://www.rfc-editor.org/rfc/rfc8628#section-5.4).
  if (a.request.deviceAuthorizationId !== undefined) {
    await toConfirmationPage(deps, res, a, 'device/confirm');
    return;
  }
  const issuer = deps.issuerOf(a.tenant);
  const look = lookFor(deps, a.tenant, req, a.request.uiLocales);
  const to = { ...a.request, issuer };
  if (!consented && (await needsConsent(deps, a))) {
    if (a.request.prompt === 'none') {
      errorToClient(res, look, to, authorizationError('consent_required', 'The user has not consented.'));
      return;
    }
    await toConfirmationPage(deps, res, a, 'consent');
    return;
  }
  if (a.flow) await moveFlow(deps, a.flow, 'completed', a.session.userId);
  // So the application hears over the back channel when this session ends (a fresh sign-in's
  // session already names it: no write then).
  await deps.sessions.signedInTo(a.session, a.client.applicationId);
  const code = await deps.codes.issue(
    {
      tenantId: a.tenant.tenantId,
      clientId: a.client.applicationId,
      userId: a.session.userId,
      sessionId: a.session.sessionId,
      redirectUri: a.request.redirectUri,
      scope: a.request.scope,
      ...(a.request.nonce !== undefined ? { nonce: a.request.nonce } : {}),
      ...(a.request.codeChallenge !== undefined ? { codeChallenge: a.request.codeChallenge } : {}),
      authTime: a.session.authTime,
      amr: a.session.amr,
      acr: acrOf(a.session.amr),
    },
    deps.clock(),
  );
  returnToClient(res, look, to, { code });
}
