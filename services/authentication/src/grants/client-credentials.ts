import { z } from 'zod';
import { OAuthErrors } from '@idaas/http';
import type { AccessReplica, ApplicationView } from '@idaas/replica';
import type { TokenTarget } from '../actions/token-target';
import { apiScope } from './api-scope';
import { tokenTarget } from '../actions/token-target';
import { signAccessToken } from '../domain/access-token';
import { defineGrant } from './grant';

/**
 * The client acts on its own behalf (RFC 6749 section 4.4). For one of the tenant's own APIs,
 * its scope comes from the roles assigned to the application; otherwise requested scopes must be
 * a subset of what the application was granted. Without `scope`, it gets all of them.
 */
export function clientCredentialsScope(
  app: ApplicationView,
  requested: string | undefined,
  target: TokenTarget,
  access: Pick<AccessReplica, 'grantsFor'>,
): string[] {
  if (!app.grantTypes.includes('client_credentials')) {
    throw OAuthErrors.unauthorizedClient('This client may not use the client_credentials grant.');
  }
  if (target.api) {
    const { permissions } = access.grantsFor(app.tenantId, { applicationId: app.applicationId });
    return apiScope(target.api, permissions, requested);
  }
  if (requested === undefined) return app.scopes.filter((s) => s !== 'openid' && s !== 'offline_access');
  const scopes = [...new Set(requested.split(' ').filter(Boolean))];
  const unknown = scopes.filter((s) => !app.scopes.includes(s));
  if (unknown.length > 0) throw OAuthErrors.invalidScope(`Not granted to this client: ${unknown.join(' ')}.`);
  return scopes;
}

/** `client_credentials`: an access token for the client itself, for the requested resource. */
export const clientCredentialsGrant = defineGrant({
  type: 'client_credentials',
  params: z.object({ scope: z.string().max(2000).optional(), resource: z.string().url().optional() }),
  handle: async ({ deps, tenant, app, issuer, now }, params) => {
    const target = tokenTarget(deps, tenant, issuer, params.resource);
    const scope = clientCredentialsScope(app, params.scope, target, deps.access);
    const key = await deps.keys.activeKey(tenant, app.accessTokenSigningAlg);
    const accessToken = await signAccessToken(
      {
        issuer,
        subject: app.applicationId,
        audience: target.audience,
        clientId: app.applicationId,
        scope,
        tenantId: tenant.tenantId,
        region: deps.region,
        ttlSeconds: app.accessTokenTtlSeconds,
      },
      key,
      now,
    );
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: app.accessTokenTtlSeconds,
      scope: scope.join(' '),
    };
  },
});
