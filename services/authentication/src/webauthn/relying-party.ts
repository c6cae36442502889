/**
 * Where WebAuthn credentials of a tenant are scoped: the RP ID is the region's host name (every
 * tenant of a region shares it, and the tenant is checked on our side: credentials are stored
 * per tenant), the origin is the region's base URL the pages are served from. An RP ID cannot
 * be an IP address, so a region served at `http://127.0.0.1:<port>` offers no passkeys; use
 * `localhost` or a domain name in REGION_BASE_URL.
 * https://www.w3.org/TR/webauthn-3/#rp-id
 */
export interface RelyingParty {
  rpID: string;
  origin: string;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function relyingPartyOf(issuer: string): RelyingParty | undefined {
  const url = new URL(issuer);
  if (IPV4.test(url.hostname) || url.hostname.startsWith('[')) return undefined;
  return { rpID: url.hostname, origin: url.origin };
}

/**
 * RFC 8176 `amr` of a WebAuthn assertion: `hwk` for a key bound to one authenticator, `swk` for
 * a synced passkey (its private key leaves the hardware), `user` as the authenticator tested the
 * user's presence; with user verification (PIN or biometric, we cannot tell which) the passkey
 * is two factors in itself, hence `mfa` even without a password. As a second factor after the
 * password it is `mfa` in any case.
 * https://www.rfc-editor.org/rfc/rfc8176#section-2
 */
export function webauthnAmr(use: {
  afterPassword: boolean;
  userVerified: boolean;
  deviceType: 'singleDevice' | 'multiDevice';
}): string[] {
  const key = use.deviceType === 'multiDevice' ? 'swk' : 'hwk';
  const multiFactor = use.afterPassword || use.userVerified;
  return [...(use.afterPassword ? ['pwd'] : []), key, 'user', ...(multiFactor ? ['mfa'] : [])];
}
