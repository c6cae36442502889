import { OAuthErrors } from '@idaas/http';
import type { ApiResourceView } from '@idaas/replica';

/**
 * The scope of a token for one of the tenant's own APIs: the permissions of that API the client
 * holds through its roles (RFC 9068 section 2.2.3 `scope`). Without `scope`, all of them; asking
 * for one it does not hold is invalid_scope (RFC 6749 section 5.2). A role may still name a
 * permission whose action was removed concurrently: only the API's current actions count.
 */
export function apiScope(
  api: ApiResourceView,
  held: readonly string[],
  requested: string | undefined,
): string[] {
  const offered = new Set(api.actions.map((a) => `${api.name}:${a.name}`).filter((p) => held.includes(p)));
  const scopes = [...new Set((requested ?? '').split(' ').filter(Boolean))];
  if (scopes.length === 0) {
    if (offered.size === 0) throw OAuthErrors.invalidScope('This client holds no permission of this API.');
    return [...offered].sort();
  }
  const refused = scopes.filter((s) => !offered.has(s));
  if (refused.length > 0) throw OAuthErrors.invalidScope(`Not granted to this client: ${refused.join(' ')}.`);
  return scopes;
}
