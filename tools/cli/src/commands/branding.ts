import type { ParsedArgs } from '../args';
import type { Command } from '../command';
import { jsonOption, need, optionalJson, readText, tenantPath } from '../command';

const templatePath = (a: ParsedArgs) =>
  `${tenantPath(a)}/templates/${encodeURIComponent(need(a, 'kind'))}/${encodeURIComponent(need(a, 'locale'))}`;

/**
 * A template as one JSON document (`--json`/`--file`), or as its parts, the bodies read from files,
 * since HTML is awkward to write inside JSON on a command line.
 */
const templateBody = (a: ParsedArgs) =>
  a.options.json || a.options.file
    ? jsonOption(a)
    : {
        subject: need(a, 'subject'),
        html: readText(need(a, 'html-file')),
        text: readText(need(a, 'text-file')),
      };

const TEMPLATE = '--tenant ID --kind K --locale L';

/** The tenant's branding and the message templates that replace the platform's, per kind and locale. */
export const BRANDING_COMMANDS: Record<string, Command> = {
  'branding get': {
    usage: 'branding get --tenant ID',
    request: (a) => ({ method: 'GET', path: `${tenantPath(a)}/branding` }),
  },
  'branding set': {
    usage:
      'branding set --tenant ID (--json \'{"productName":"Acme","colors":{"primary":"#0055ff"}}\' | --file F); send the version you read for a 409 instead of overwriting',
    request: (a) => ({ method: 'PUT', path: `${tenantPath(a)}/branding`, body: jsonOption(a) }),
  },
  'templates list': {
    usage: 'templates list --tenant ID',
    request: (a) => ({ method: 'GET', path: `${tenantPath(a)}/templates` }),
  },
  'templates get': {
    usage: `templates get ${TEMPLATE}`,
    request: (a) => ({ method: 'GET', path: templatePath(a) }),
  },
  'templates set': {
    usage: `templates set ${TEMPLATE} (--subject S --html-file F --text-file F | --json '{"subject":"…","html":"…","text":"…"}' | --file F)`,
    request: (a) => ({ method: 'PUT', path: templatePath(a), body: templateBody(a) }),
  },
  'templates delete': {
    usage: `templates delete ${TEMPLATE}`,
    request: (a) => ({ method: 'DELETE', path: templatePath(a) }),
  },
  'templates preview': {
    usage: `templates preview ${TEMPLATE} [--json '{"values":{"user.name":"Ada"}}' | --file F]`,
    request: (a) => ({ method: 'POST', path: `${templatePath(a)}/preview`, body: optionalJson(a, {}) }),
  },
};
