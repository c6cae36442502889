/**
 * What a user authorized at the authorization endpoint, as the token endpoint redeems it.
 * The hosted login and consent pages (front channel) make one when they issue an
 * authorization code; the `authorization_code` grant (back channel) redeems it exactly once.
 * The code itself is never stored: only its SHA-256, so a database read yields no usable code.
 * https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
 */
export interface AuthorizationGrant {
  tenantId: string;
  clientId: string;
  userId: string;
  /** The SSO session the user signed in with; logging out of it revokes what it issued. */
  sessionId: string;
  /** Exactly as sent to the authorization endpoint: the token request must repeat it (RFC 6749 section 4.1.3). */
  redirectUri: string;
  /** Granted scopes, a subset of the requested and of the client's allowed ones. */
  scope: string[];
  nonce?: string;
  /** PKCE (RFC 7636); only S256 is accepted, so the method is implied. */
  codeChallenge?: string;
  /** When the user last authenticated (OpenID Connect `auth_time`). */
  authTime: Date;
  /** Authentication methods used (RFC 8176 `amr` values, e.g. `pwd`, `otp`, `hwk`). */
  amr: string[];
  acr?: string;
  /** Requested resource (RFC 8707) for the access token's audience, when one was asked for. */
  resource?: string;
}

/** The front channel issues codes; the back channel redeems them. */
export interface AuthorizationCodes {
  /** Stores the grant under the hash of a new code and returns the code (shown to the client once). */
  issue(grant: AuthorizationGrant, now: Date): Promise<string>;
  /**
   * Redeems a code once. A second redemption finds it used and answers `replayed` with the grant,
   * so the caller can revoke what the first redemption issued (RFC 6749 section 4.1.2).
   */
  redeem(
    tenantId: string,
    code: string,
    now: Date,
  ): Promise<
    | { outcome: 'redeemed'; grant: AuthorizationGrant; codeId: string }
    | { outcome: 'replayed'; grant: AuthorizationGrant; codeId: string }
    | { outcome: 'unknown' | 'expired' }
  >;
}
