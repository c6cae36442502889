/**
 * The `request_uri` of a pushed authorization request: a URN with a random reference, so it names
 * the request without carrying it. https://www.rfc-editor.org/rfc/rfc9126#section-2.2
 */
export const REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:';

/**
 * Short: the client sends the user to the authorization endpoint right after pushing (RFC 9126
 * section 2.2 suggests a lifetime of 5 to 600 seconds; a short one limits what a leaked value buys).
 */
export const PUSHED_REQUEST_LIFETIME_SECONDS = 60;

export const requestUriOf = (reference: string): string => `${REQUEST_URI_PREFIX}${reference}`;

/** The random reference inside a request URI of ours; undefined for anything else (a URL, another URN, garbage). */
export function referenceOf(requestUri: string): string | undefined {
  if (!requestUri.startsWith(REQUEST_URI_PREFIX)) return undefined;
  const reference = requestUri.slice(REQUEST_URI_PREFIX.length);
  // Ours are base64url of 32 random bytes (43 characters); a bound keeps odd input out of queries.
  return /^[A-Za-z0-9_-]{20,128}$/.test(reference) ? reference : undefined;
}
