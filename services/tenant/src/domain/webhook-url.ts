import { BlockList, isIP } from 'node:net';

export const WEBHOOK_URL_MAX_LENGTH = 2000;

/** Where receivers may live: `public` in production; `local` also admits http://localhost for development and tests. */
export type ReceiverScope = 'public' | 'local';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Addresses a public receiver never has. Refusing them stops a tenant from pointing our
 * notifier at the deployment's own network (SSRF). This only catches IP literals: a public
 * name that resolves to such an address must be refused by the notifier when it connects.
 */
const INTERNAL = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // RFC 6598 carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, including cloud metadata endpoints
  ['172.16.0.0', 12], // RFC 1918
  ['192.168.0.0', 16], // RFC 1918
] as const)
  INTERNAL.addSubnet(net, bits, 'ipv4');
// BlockList also checks IPv4-mapped IPv6 literals ([::ffff:127.0.0.1]) against the IPv4 ranges.
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
] as const)
  INTERNAL.addSubnet(net, bits, 'ipv6');

function isInternalHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  const family = isIP(bare);
  if (family === 0) return false;
  return INTERNAL.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why the receiver URL is refused, or undefined when we may deliver to it. */
export function webhookUrlProblem(uri: string, scope: ReceiverScope): string | undefined {
  if (uri.length > WEBHOOK_URL_MAX_LENGTH) return `must be at most ${WEBHOOK_URL_MAX_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'must be an absolute URL';
  }
  // A fragment never reaches the receiver, so one here is a mistake in the URL.
  if (uri.includes('#')) return 'must not contain a fragment';
  // Credentials in the URL would be shown to every admin who reads the subscription.
  if (url.username || url.password) return 'must not contain credentials';
  if (url.protocol === 'http:') {
    if (scope === 'local' && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
    return scope === 'local'
      ? 'must use https (http only to localhost, 127.0.0.1 or [::1])'
      : 'must use https';
  }
  if (url.protocol !== 'https:') return 'must use https';
  if (scope === 'public' && isInternalHost(url.hostname))
    return 'must not point at a private, loopback or link-local address';
  return undefined;
}
