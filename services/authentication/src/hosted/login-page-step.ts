import type { Request, Response } from 'express';
import { loginPage } from '../pages/login-page';
import type { MessageKey } from '../pages/messages';
import type { HostedDeps } from './deps';
import type { RunningFlow } from './flow-step';
import { lookFor, sendPage } from './page-response';
import { passkeyLink } from './passkey-step';
import { signUpUrlFor } from './sign-up-step';

/**
 * The login page of a running flow, wherever it is shown: by the authorization endpoint for the
 * flow it has just started, by `GET /login?flow=ID` (links back from the other steps), and again
 * after a refused password. Its form always posts to `/login?flow=ID`, so the flow is the same
 * whichever URL the browser shows. The CSRF token is the one the caller already holds (a new
 * flow's, or the one the lookup rotated); without one, a new token is stored for this page.
 */
export async function showLoginPage(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  status: number,
  form: { email?: string; error?: MessageKey } = {},
): Promise<void> {
  const { tenant, client, flow } = running;
  const issuer = deps.issuerOf(tenant);
  const csrfToken = running.csrfToken ?? (await deps.flows.rotateCsrf(flow));
  const email = form.email ?? flow.request.loginHint;
  const { mfa } = deps.policies.effectiveFor(tenant.tenantId, client.applicationId).policy;
  const passkeyUrl = passkeyLink(issuer, mfa.methods.includes('webauthn'), 'login/passkey', flow.id);
  sendPage(
    res,
    status,
    loginPage(lookFor(deps, tenant, req, flow.request.uiLocales), {
      action: `${issuer}/login?flow=${flow.id}`,
      csrfToken,
      ...(email !== undefined ? { email } : {}),
      ...(form.error ? { error: form.error } : {}),
      signUpUrl: signUpUrlFor(deps, tenant, flow.id),
      recoveryUrl: deps.recoveryUrlOf(tenant),
      ...(passkeyUrl ? { passkeyUrl } : {}),
    }),
  );
}
