import { OAuthErrors } from '@idaas/http';
import type { ApplicationView } from '@idaas/replica';

/**
 * The client acts on its own behalf (RFC 6749 section 4.4). Requested scopes must be a subset of
 * what the application was granted; without `scope`, it gets all of them.
 */
export function clientCredentialsScope(app: ApplicationView, requested: string | undefined): string[] {
  if (!app.grantTypes.includes('client_credentials')) {
    throw OAuthErrors.unauthorizedClient('This client may not use the client_credentials grant.');
  }
  if (requested === undefined) return app.scopes.filter((s) => s !== 'openid' && s !== 'offline_access');
  const scopes = [...new Set(requested.split(' ').filter(Boolean))];
  const unknown = scopes.filter((s) => !app.scopes.includes(s));
  if (unknown.length > 0) throw OAuthErrors.invalidScope(`Not granted to this client: ${unknown.join(' ')}.`);
  return scopes;
}
