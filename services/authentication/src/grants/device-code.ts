import { z } from 'zod';
import { HttpError, OAuthErrors } from '@idaas/http';
import { RefreshTokenStore } from '../store/refresh-token-store';
import { defineGrant } from './grant';
import { activeUser, issueUserTokens } from './user-tokens';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** The token endpoint's answers while the device waits (RFC 8628 section 3.5), in the OAuth error format. */
const waiting = (
  code: 'authorization_pending' | 'slow_down' | 'access_denied' | 'expired_token',
  description: string,
) => new HttpError(400, code, description, { format: 'oauth', expose: true });

/**
 * `urn:ietf:params:oauth:grant-type:device_code`: the device polls with its device code until the
 * user has decided on the verification page, then gets the tokens of the code grant, once.
 * https://www.rfc-editor.org/rfc/rfc8628#section-3.4
 */
export const deviceCodeGrant = defineGrant({
  type: DEVICE_CODE_GRANT,
  params: z.object({ device_code: z.string().min(1).max(512) }),
  handle: async (ctx, params) => {
    const { deps, tenant, app, now } = ctx;
    // A device code of another tenant or client is as unknown as a made-up one.
    const outcome = await deps.deviceAuthorizations.poll(
      tenant.tenantId,
      app.applicationId,
      params.device_code,
      now,
    );
    if (!outcome) throw OAuthErrors.invalidGrant('The device code is invalid.');
    switch (outcome.answer) {
      case 'authorization_pending':
        throw waiting('authorization_pending', 'The user has not yet approved this device.');
      case 'slow_down':
        throw waiting('slow_down', `Poll at most every ${outcome.intervalSeconds} seconds.`);
      case 'access_denied':
        throw waiting('access_denied', 'The user denied access.');
      case 'expired_token':
        throw waiting('expired_token', 'The device code has expired; start again.');
      case 'invalid_grant':
        throw OAuthErrors.invalidGrant('The device code was already used.');
      case 'approved': {
        const { approval } = outcome;
        const user = await activeUser(ctx, approval.userId);
        // The request's id is a hash of the device code: the family is this redemption's alone.
        const owner = {
          tenantId: tenant.tenantId,
          clientId: app.applicationId,
          userId: approval.userId,
          sessionId: approval.sessionId,
        };
        return issueUserTokens(
          ctx,
          user,
          {
            userId: approval.userId,
            scope: outcome.scope,
            sessionId: approval.sessionId,
            authTime: approval.authTime,
            amr: approval.amr,
            ...(approval.acr === undefined ? {} : { acr: approval.acr }),
          },
          { id: RefreshTokenStore.familyOfCode(tenant.tenantId, outcome.id), openFor: owner },
        );
      }
    }
  },
});
