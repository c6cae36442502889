import type { ParsedArgs } from '../args';
import type { Command } from '../command';
import { need, tenantPath } from '../command';

const userPath = (a: ParsedArgs) => `${tenantPath(a)}/users/${need(a, 'user')}`;

/** The lifecycle transitions an admin runs, by the path segment the lifecycle service serves them at. */
const STEPS = ['lock', 'unlock', 'disable', 'enable', 'require-password-reset', 'suspend', 'reactivate'];

/**
 * One user's lifecycle: a POST to the tenant region's lifecycle service, answered with the user
 * after the step (409 when the state table does not allow it).
 */
const stepCommands: Record<string, Command> = Object.fromEntries(
  STEPS.map((step) => [
    `users ${step}`,
    {
      usage: `users ${step} --tenant ID --user ID`,
      request: (a) => ({ method: 'POST', path: `${userPath(a)}/${step}`, service: 'lifecycle' }),
    } satisfies Command,
  ]),
);

/** What a tenant's region keeps of its users, served there rather than by the plane. */
export const USER_COMMANDS: Record<string, Command> = {
  'users find': {
    usage: 'users find --tenant ID --email ADDRESS   (the SCIM list of users with that email)',
    request: (a) => {
      const email = need(a, 'email');
      // A SCIM string in double quotes: a quote or backslash in the address is escaped, not a filter.
      const filter = `userName eq ${JSON.stringify(email)}`;
      return {
        method: 'GET',
        path: `/scim/v2/tenants/${encodeURIComponent(need(a, 'tenant'))}/Users?${new URLSearchParams({ filter })}`,
        service: 'lifecycle',
      };
    },
  },
  'users get': {
    usage: 'users get --tenant ID --user ID   (state, lock, dates; tombstones included)',
    request: (a) => ({ method: 'GET', path: userPath(a), service: 'lifecycle' }),
  },
  ...stepCommands,
  'users delete': {
    usage: 'users delete --tenant ID --user ID   (erases personal data; a tombstone stays)',
    request: (a) => ({ method: 'DELETE', path: userPath(a), service: 'lifecycle' }),
  },
  'users mfa-reset': {
    usage:
      'users mfa-reset --tenant ID --user ID [--method totp|webauthn]   (all second factors, and the SSO sessions in the region, unless --method)',
    request: (a) => {
      const enrolments = `${userPath(a)}/mfa/enrolments`;
      const method = a.options.method;
      return {
        method: 'DELETE',
        path: method ? `${enrolments}/${encodeURIComponent(method)}` : enrolments,
        service: 'authentication',
      };
    },
  },
};
