import { startFlow, type LoginFlowState } from '@idaas/identity';
import type { AuthorizationRequest } from '../domain/authorization-request';
import { LOGIN_FLOW_LIFETIME_SECONDS, type LoginFlow } from '../store/flow-store';
import type { HostedDeps } from './deps';

/**
 * A new, stored login flow for an authorization request (from a client, or from a device's code):
 * at the credentials step, or, for a user already signed in, at `awaiting_consent` with the user.
 * The CSRF token comes back once, for the page shown in the same answer.
 */
export async function newLoginFlow(
  deps: Pick<HostedDeps, 'flows' | 'clock'>,
  tenantId: string,
  request: AuthorizationRequest,
  at: { state: LoginFlowState; userId?: string } = { state: 'awaiting_credentials' },
): Promise<{ flow: LoginFlow; csrfToken: string }> {
  const started = startFlow({
    tenantId,
    type: 'login',
    state: at.state,
    request,
    lifetimeSeconds: LOGIN_FLOW_LIFETIME_SECONDS,
    now: deps.clock(),
  });
  const flow: LoginFlow = at.userId === undefined ? started.flow : { ...started.flow, userId: at.userId };
  await deps.flows.create(flow);
  return { flow, csrfToken: started.csrfToken };
}
