import { listOption, type ParsedArgs } from '../args';
import type { Command } from '../command';
import { need, tenantPath } from '../command';

const apiPath = (a: ParsedArgs) => `${tenantPath(a)}/api-resources/${need(a, 'api')}`;
const rolePath = (a: ParsedArgs) => `${tenantPath(a)}/roles/${need(a, 'role')}`;

/** An API as PUT replaces it: every field. Actions are names; `invoices` + `approve` is `invoices:approve`. */
const apiBody = (a: ParsedArgs) => ({
  name: need(a, 'name'),
  audience: need(a, 'audience'),
  displayName: a.options['display-name'] ?? need(a, 'name'),
  actions: (listOption(need(a, 'actions')) ?? []).map((name) => ({ name })),
});

const roleBody = (a: ParsedArgs) => ({
  name: need(a, 'name'),
  ...(a.options.description ? { description: a.options.description } : {}),
  permissions: listOption(a.options.permissions) ?? [],
});

const API_USAGE = '--name N --audience URI --actions read,approve [--display-name D (default: the name)]';
const ROLE_USAGE = '--name N --permissions api:action,api:action [--description D]';

/** The tenant's own APIs (resource servers), the roles made of their permissions, and who holds them. */
export const ACCESS_COMMANDS: Record<string, Command> = {
  'apis list': {
    usage: 'apis list --tenant ID',
    request: (a) => ({ method: 'GET', path: `${tenantPath(a)}/api-resources` }),
  },
  'apis create': {
    usage: `apis create --tenant ID ${API_USAGE}`,
    request: (a) => ({ method: 'POST', path: `${tenantPath(a)}/api-resources`, body: apiBody(a) }),
  },
  'apis get': {
    usage: 'apis get --tenant ID --api ID',
    request: (a) => ({ method: 'GET', path: apiPath(a) }),
  },
  'apis update': {
    usage: `apis update --tenant ID --api ID ${API_USAGE}`,
    request: (a) => ({ method: 'PUT', path: apiPath(a), body: apiBody(a) }),
  },
  'apis delete': {
    usage: 'apis delete --tenant ID --api ID',
    request: (a) => ({ method: 'DELETE', path: apiPath(a) }),
  },
  'roles list': {
    usage: 'roles list --tenant ID',
    request: (a) => ({ method: 'GET', path: `${tenantPath(a)}/roles` }),
  },
  'roles create': {
    usage: `roles create --tenant ID ${ROLE_USAGE}`,
    request: (a) => ({ method: 'POST', path: `${tenantPath(a)}/roles`, body: roleBody(a) }),
  },
  'roles get': {
    usage: 'roles get --tenant ID --role ID',
    request: (a) => ({ method: 'GET', path: rolePath(a) }),
  },
  'roles update': {
    usage: `roles update --tenant ID --role ID ${ROLE_USAGE}   (replaces the permissions; holders stay)`,
    request: (a) => ({ method: 'PUT', path: rolePath(a), body: roleBody(a) }),
  },
  'roles delete': {
    usage: 'roles delete --tenant ID --role ID',
    request: (a) => ({ method: 'DELETE', path: rolePath(a) }),
  },
  'roles holders': {
    usage: 'roles holders --tenant ID --role ID',
    request: (a) => ({ method: 'GET', path: `${rolePath(a)}/assignments` }),
  },
  'roles assign': {
    usage:
      'roles assign --tenant ID --role ID [--users ID,ID] [--groups ID,ID] [--apps ID,ID]   (replaces every holder)',
    request: (a) => ({
      method: 'PUT',
      path: `${rolePath(a)}/assignments`,
      body: {
        users: listOption(a.options.users) ?? [],
        groups: listOption(a.options.groups) ?? [],
        applications: listOption(a.options.apps) ?? [],
      },
    }),
  },
};
