import { listOption, type ParsedArgs } from '../args';
import type { Command } from '../command';
import { jsonOption, need, optionalJson, tenantPath } from '../command';

const groupPath = (a: ParsedArgs) => `${tenantPath(a)}/application-groups/${need(a, 'group')}`;
const groupBody = (a: ParsedArgs) => ({
  name: need(a, 'name'),
  applicationIds: listOption(a.options.apps) ?? [],
  overrides: optionalJson(a, {}),
});

/** The tenant policy and the application groups that override it. */
export const POLICY_COMMANDS: Record<string, Command> = {
  'policy get': {
    usage: 'policy get --tenant ID',
    request: (a) => ({ method: 'GET', path: `${tenantPath(a)}/policy` }),
  },
  'policy set': {
    usage:
      'policy set --tenant ID (--json \'{"mfa":{"mode":"required"}}\' | --file F); left-out knobs take defaults',
    request: (a) => ({ method: 'PUT', path: `${tenantPath(a)}/policy`, body: jsonOption(a) }),
  },
  'policy explain': {
    usage: 'policy explain --tenant ID --app ID',
    request: (a) => ({
      method: 'GET',
      path: `${tenantPath(a)}/applications/${need(a, 'app')}/effective-policy`,
    }),
  },
  'groups list': {
    usage: 'groups list --tenant ID',
    request: (a) => ({ method: 'GET', path: `${tenantPath(a)}/application-groups` }),
  },
  'groups create': {
    usage: 'groups create --tenant ID --name N --apps ID,ID [--json OVERRIDES | --file F]',
    request: (a) => ({ method: 'POST', path: `${tenantPath(a)}/application-groups`, body: groupBody(a) }),
  },
  'groups update': {
    usage: 'groups update --tenant ID --group ID --name N --apps ID,ID [--json OVERRIDES | --file F]',
    request: (a) => ({ method: 'PUT', path: groupPath(a), body: groupBody(a) }),
  },
  'groups delete': {
    usage: 'groups delete --tenant ID --group ID',
    request: (a) => ({ method: 'DELETE', path: groupPath(a) }),
  },
};
