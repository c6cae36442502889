/**
 * An authorization request after validation: what the login flow carries from the
 * authorization endpoint to the moment a code is issued.
 * https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest
 */
export interface AuthorizationRequest {
  clientId: string;
  /** Exactly one of the client's registered URIs, byte for byte. */
  redirectUri: string;
  responseMode: ResponseMode;
  scope: string[];
  state?: string;
  nonce?: string;
  /** PKCE S256 challenge (RFC 7636); the only method accepted. */
  codeChallenge?: string;
  prompt?: Prompt;
  /** Seconds since the last authentication beyond which the user signs in again. */
  maxAge?: number;
  loginHint?: string;
  uiLocales: string[];
  /** `acr_values`, space-separated in the request; the MFA class among them forces the second factor. */
  acrValues?: string[];
  /**
   * A sign-in for a device (RFC 8628): the device authorization request it confirms. It ends on the
   * device confirmation page, never at a redirect URI (the request has none: `redirectUri` is empty).
   */
  deviceAuthorizationId?: string;
}

export type ResponseMode = 'query' | 'form_post';
/** `create`: https://openid.net/specs/openid-connect-prompt-create-1_0.html (sign-up instead of sign-in). */
export type Prompt = 'none' | 'login' | 'consent' | 'create';

export const PROMPTS: readonly Prompt[] = ['none', 'login', 'consent', 'create'];
export const RESPONSE_MODES: readonly ResponseMode[] = ['query', 'form_post'];

/**
 * OpenID Connect Core 3.1.2.1: max_age forces a new sign-in when the last one is older.
 * prompt=create ignores a live session too: the user asked to create an account, and does.
 */
export function needsFreshLogin(
  request: Pick<AuthorizationRequest, 'prompt' | 'maxAge'>,
  authTime: Date,
  now: Date,
): boolean {
  if (request.prompt === 'login' || request.prompt === 'create') return true;
  return request.maxAge !== undefined && now.getTime() - authTime.getTime() > request.maxAge * 1000;
}
