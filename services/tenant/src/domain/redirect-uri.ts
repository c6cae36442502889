/**
 * Redirect URI rules for registration. At run time the match is exact string equality
 * (OAuth 2.0 Security BCP, RFC 9700 section 2.1), so what is registered here is what counts.
 */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

export type RedirectUriKind = 'web' | 'spa' | 'native' | 'm2m';

/** Why the URI is refused, or undefined when it is acceptable for this kind of application. */
export function redirectUriProblem(uri: string, kind: RedirectUriKind): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'must be an absolute URI';
  }
  // https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2: the endpoint URI MUST NOT include a fragment.
  if (uri.includes('#')) return 'must not contain a fragment';
  if (url.username || url.password) return 'must not contain credentials';
  if (url.protocol === 'https:') return undefined;
  if (kind === 'native') {
    // RFC 8252 section 7.3: loopback redirects use http and an IP literal, not "localhost".
    if (url.protocol === 'http:')
      return LOOPBACK_HOSTS.has(url.hostname)
        ? undefined
        : 'http is allowed only on the loopback IP (127.0.0.1 or [::1])';
    // RFC 8252 section 7.1: private-use schemes are reverse domain names, e.g. com.example.app.
    const scheme = url.protocol.slice(0, -1);
    if (/^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+$/.test(scheme)) return undefined;
    return 'must use https, http on the loopback IP, or a reverse-domain private-use scheme';
  }
  return 'must use https';
}
