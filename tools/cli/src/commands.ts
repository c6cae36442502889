import { readFileSync } from 'node:fs';
import { listOption, type ParsedArgs } from './args';
import { CliError } from './client';

export interface Request {
  method: string;
  path: string;
  body?: unknown;
}

const need = (args: ParsedArgs, name: string): string => {
  const v = args.options[name];
  if (!v || v === 'true') throw new CliError(`--${name} is required`);
  return v;
};

const tenantPath = (args: ParsedArgs) => `/admin/tenants/${need(args, 'tenant')}`;

/** A JSON document given inline (`--json '{...}'`) or as a file (`--file policy.json`, `-` for stdin). */
function jsonOption(args: ParsedArgs): unknown {
  const inline = args.options.json;
  const file = args.options.file;
  if (!inline && !file) throw new CliError('--json or --file is required');
  const text = inline ?? readFileSync(file === '-' ? 0 : file!, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliError(`${inline ? '--json' : file} is not valid JSON`);
  }
}

const groupPath = (args: ParsedArgs) => `${tenantPath(args)}/application-groups/${need(args, 'group')}`;
const groupBody = (a: ParsedArgs) => ({
  name: need(a, 'name'),
  applicationIds: listOption(a.options.apps) ?? [],
  overrides: a.options.json || a.options.file ? jsonOption(a) : {},
});

/** Each command is the admin API request it stands for. */
export const COMMANDS: Record<string, { usage: string; request: (args: ParsedArgs) => Request }> = {
  'tenants list': {
    usage: 'tenants list [--status active|suspended|deleted] [--region R] [--limit N] [--cursor C]',
    request: (a) => {
      const q = new URLSearchParams();
      if (a.options.status) q.set('status', a.options.status);
      if (a.options.region) q.set('homeRegion', a.options.region);
      if (a.options.limit) q.set('limit', a.options.limit);
      if (a.options.cursor) q.set('cursor', a.options.cursor);
      return { method: 'GET', path: `/admin/tenants${q.size ? `?${q}` : ''}` };
    },
  },
  'tenants create': {
    usage: 'tenants create --slug S --name "Display name" --region R',
    request: (a) => ({
      method: 'POST',
      path: '/admin/tenants',
      body: { slug: need(a, 'slug'), displayName: need(a, 'name'), homeRegion: need(a, 'region') },
    }),
  },
  'tenants get': {
    usage: 'tenants get --tenant ID',
    request: (a) => ({ method: 'GET', path: tenantPath(a) }),
  },
  'tenants rename': {
    usage: 'tenants rename --tenant ID --name "New name"',
    request: (a) => ({ method: 'PATCH', path: tenantPath(a), body: { displayName: need(a, 'name') } }),
  },
  'tenants suspend': {
    usage: 'tenants suspend --tenant ID',
    request: (a) => ({ method: 'POST', path: `${tenantPath(a)}/suspend` }),
  },
  'tenants resume': {
    usage: 'tenants resume --tenant ID',
    request: (a) => ({ method: 'POST', path: `${tenantPath(a)}/resume` }),
  },
  'tenants delete': {
    usage: 'tenants delete --tenant ID',
    request: (a) => ({ method: 'DELETE', path: tenantPath(a) }),
  },
  'apps list': {
    usage: 'apps list --tenant ID',
    request: (a) => ({ method: 'GET', path: `${tenantPath(a)}/applications` }),
  },
  'apps create': {
    usage: 'apps create --tenant ID --name N --kind web|spa|native|m2m [--redirect-uri U,U] [--scopes s,s]',
    request: (a) => ({
      method: 'POST',
      path: `${tenantPath(a)}/applications`,
      body: {
        name: need(a, 'name'),
        kind: need(a, 'kind'),
        ...(a.options['redirect-uri'] ? { redirectUris: listOption(a.options['redirect-uri']) } : {}),
        ...(a.options.scopes ? { scopes: listOption(a.options.scopes) } : {}),
      },
    }),
  },
  'apps get': {
    usage: 'apps get --tenant ID --app ID',
    request: (a) => ({ method: 'GET', path: `${tenantPath(a)}/applications/${need(a, 'app')}` }),
  },
  'apps rotate-secret': {
    usage: 'apps rotate-secret --tenant ID --app ID [--overlap SECONDS]',
    request: (a) => ({
      method: 'POST',
      path: `${tenantPath(a)}/applications/${need(a, 'app')}/secret`,
      body: a.options.overlap ? { overlapSeconds: Number(a.options.overlap) } : {},
    }),
  },
  'apps delete': {
    usage: 'apps delete --tenant ID --app ID',
    request: (a) => ({ method: 'DELETE', path: `${tenantPath(a)}/applications/${need(a, 'app')}` }),
  },
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
