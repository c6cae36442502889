import { listOption, type ParsedArgs } from '../args';
import type { Command } from '../command';
import { flagOption, intOption, need, tenantPath } from '../command';

const appPath = (a: ParsedArgs) => `${tenantPath(a)}/applications/${need(a, 'app')}`;

export const APP_COMMANDS: Record<string, Command> = {
  'apps list': {
    usage: 'apps list --tenant ID',
    request: (a) => ({ method: 'GET', path: `${tenantPath(a)}/applications` }),
  },
  'apps create': {
    usage:
      'apps create --tenant ID --name N --kind web|spa|native|m2m [--redirect-uri U,U] [--scopes s,s] [--grant-types g,g] [--require-par]',
    request: (a) => ({
      method: 'POST',
      path: `${tenantPath(a)}/applications`,
      body: {
        name: need(a, 'name'),
        kind: need(a, 'kind'),
        ...(a.options['redirect-uri'] ? { redirectUris: listOption(a.options['redirect-uri']) } : {}),
        ...(a.options.scopes ? { scopes: listOption(a.options.scopes) } : {}),
        // e.g. authorization_code,refresh_token,urn:ietf:params:oauth:grant-type:device_code
        ...(a.options['grant-types'] ? { grantTypes: listOption(a.options['grant-types']) } : {}),
        ...(flagOption(a, 'require-par') ? { requirePushedAuthorizationRequests: true } : {}),
      },
    }),
  },
  'apps get': {
    usage: 'apps get --tenant ID --app ID',
    request: (a) => ({ method: 'GET', path: appPath(a) }),
  },
  'apps rotate-secret': {
    usage: 'apps rotate-secret --tenant ID --app ID [--overlap SECONDS]',
    request: (a) => ({
      method: 'POST',
      path: `${appPath(a)}/secret`,
      body: { overlapSeconds: intOption(a, 'overlap') },
    }),
  },
  'apps delete': {
    usage: 'apps delete --tenant ID --app ID',
    request: (a) => ({ method: 'DELETE', path: appPath(a) }),
  },
};
