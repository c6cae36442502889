import type { AuthorizationRequest } from './authorization-request';

/** Where a new login flow sends the browser first: our login page, or the registration service's sign-up page. */
export type FirstPage = 'login' | 'sign_up';

/**
 * `prompt=create` asks for account creation instead of a sign-in.
 * https://openid.net/specs/openid-connect-prompt-create-1_0.html#section-4.1
 * Where the tenant lets no one sign up, the client learns so (`sign_up_closed`, answered with
 * access_denied) rather than stranding the user on a "sign-up is closed" page or quietly showing
 * a login page the user did not ask for; the client can still send them to sign in.
 */
export function firstPageOf(
  request: Pick<AuthorizationRequest, 'prompt'>,
  selfSignUpOpen: boolean,
): FirstPage | 'sign_up_closed' {
  if (request.prompt !== 'create') return 'login';
  return selfSignUpOpen ? 'sign_up' : 'sign_up_closed';
}
