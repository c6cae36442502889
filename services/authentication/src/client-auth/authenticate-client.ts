import type { Request } from 'express';
import { verifySecret } from '@idaas/crypto';
import { OAuthErrors } from '@idaas/http';
import type { ApplicationReplica, ApplicationView } from '@idaas/replica';
import { clientSecretBasic } from './client-secret-basic';
import { clientSecretPost, noClientAuth } from './client-secret-post';
import type { ClientAuthMethod } from './method';
import { verifyClientAssertion, type ClientAssertionContext } from './client-assertion';
import { privateKeyJwt } from './private-key-jwt';

const METHODS: readonly ClientAuthMethod[] = [
  clientSecretBasic,
  clientSecretPost,
  privateKeyJwt,
  noClientAuth,
];

const invalidClient = () =>
  OAuthErrors.invalidClient('Client authentication failed.', { 'WWW-Authenticate': 'Basic realm="token"' });

/**
 * Pipeline step: who is calling. Exactly one method may be used (RFC 6749 section 2.3), it
 * must be the one the application registered, and every failure looks the same to the caller
 * so client ids cannot be probed. Without `assertions`, private_key_jwt clients cannot authenticate.
 */
export async function authenticateClient(
  req: Request,
  tenantId: string,
  apps: ApplicationReplica,
  now: Date,
  assertions?: ClientAssertionContext,
): Promise<ApplicationView> {
  const used = METHODS.filter((m) => m.presentIn(req));
  // Basic plus a body client_id is allowed (some clients repeat it); a secret in both places is not.
  const methods = used.length > 1 ? used.filter((m) => m.name !== 'none') : used;
  if (methods.length !== 1) {
    throw methods.length === 0
      ? invalidClient()
      : OAuthErrors.invalidRequest('Use exactly one client authentication method.');
  }
  const method = methods[0]!;
  const credentials = method.read(req);
  const app = credentials ? apps.find(tenantId, credentials.clientId) : undefined;
  if (!credentials || !app || app.tokenEndpointAuthMethod !== method.name) throw invalidClient();
  if (method.name === 'none') return app;
  if (method.name === 'private_key_jwt') {
    const proven =
      assertions !== undefined &&
      credentials.assertion !== undefined &&
      (await verifyClientAssertion(credentials.assertion, app, assertions, now));
    if (!proven) throw invalidClient();
    return app;
  }
  const presented = credentials.secret ?? '';
  // Check every live verifier, without stopping early, so timing does not tell which matched.
  const valid = app.secretVerifiers
    .filter((v) => !v.expiresAt || new Date(v.expiresAt) > now)
    .map((v) => verifySecret(presented, v.sha256))
    .includes(true);
  if (!valid) throw invalidClient();
  return app;
}
