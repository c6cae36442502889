import type { Command } from '../command';
import { need, tenantPath } from '../command';

/** What a tenant's region keeps of one user (second factors), served there rather than by the plane. */
export const USER_COMMANDS: Record<string, Command> = {
  'users mfa-reset': {
    usage:
      'users mfa-reset --tenant ID --user ID [--method totp|webauthn]   (all second factors, and the SSO sessions in the region, unless --method)',
    request: (a) => {
      const enrolments = `${tenantPath(a)}/users/${need(a, 'user')}/mfa/enrolments`;
      const method = a.options.method;
      return {
        method: 'DELETE',
        path: method ? `${enrolments}/${encodeURIComponent(method)}` : enrolments,
        service: 'authentication',
      };
    },
  },
};
