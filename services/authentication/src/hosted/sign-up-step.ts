import type { Response } from 'express';
import type { TenantView } from '@idaas/replica';
import type { AuthorizationRequest } from '../domain/authorization-request';
import { firstPageOf, type FirstPage } from '../domain/first-page';
import { authorizationError } from './client-response';
import type { HostedDeps } from './deps';

/**
 * The registration service's sign-up page for a login flow. It keeps the flow id, and once the
 * address is verified in the same browser it hands the flow back with a sign-in ticket
 * (`/login/continue`), so the new user lands signed in at the client.
 */
export const signUpUrlFor = (deps: Pick<HostedDeps, 'signUpUrlOf'>, tenant: TenantView, flowId: string) =>
  `${deps.signUpUrlOf(tenant)}?flow=${flowId}`;

/**
 * Step: which page a new login flow starts at. The registration service opens sign-up on the
 * tenant's policy alone (its pages do not know the client), so the same policy decides here.
 */
export function firstPageFor(
  deps: Pick<HostedDeps, 'policies'>,
  tenant: TenantView,
  request: Pick<AuthorizationRequest, 'prompt'>,
): FirstPage {
  const open = deps.policies.effectiveFor(tenant.tenantId, '').policy.signUp.enabled;
  const page = firstPageOf(request, open);
  if (page === 'sign_up_closed')
    throw authorizationError('access_denied', 'This tenant does not allow users to sign up (prompt=create).');
  return page;
}

/** `prompt=create`: the browser goes to the sign-up page of the flow just created, never the login page. */
export function sendToSignUp(
  deps: Pick<HostedDeps, 'signUpUrlOf'>,
  res: Response,
  tenant: TenantView,
  flowId: string,
): void {
  res
    .status(303)
    .set('Cache-Control', 'no-store')
    .location(signUpUrlFor(deps, tenant, flowId))
    .end();
}
