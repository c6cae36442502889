import { readFileSync } from 'node:fs';
import type { ParsedArgs } from './args';
import { CliError } from './client';

/** The one admin API request a command stands for. */
export interface Request {
  method: string;
  path: string;
  body?: unknown;
  /**
   * Served by a service of the tenant's region instead of the management plane: second factors
   * by its authentication service, the user lifecycle and SCIM by its lifecycle service, webhook
   * deliveries and dead letters by its notification service.
   */
  service?: 'authentication' | 'lifecycle' | 'notification';
}

export interface Command {
  usage: string;
  request: (args: ParsedArgs) => Request;
  /** Answers one page of a longer list: the answer's `next` is the `--cursor` of the page after it. */
  paged?: boolean;
}

/** Options that are missing or malformed: nothing was sent, and the exit code is 2. */
export class UsageError extends CliError {}

export const need = (args: ParsedArgs, name: string): string => {
  const v = args.options[name];
  if (!v || v === 'true') throw new UsageError(`--${name} is required`);
  return v;
};

/** A whole number option such as `--overlap 3600`; left out is undefined. */
export function intOption(args: ParsedArgs, name: string): number | undefined {
  const v = args.options[name];
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number, not "${v}"`);
  return Number(v);
}

/**
 * A switch such as `--require-par`: given is true, left out is false. A value after it is a
 * mistake (`--require-par no` would otherwise quietly mean yes), so it is refused.
 */
export function flagOption(args: ParsedArgs, name: string): boolean {
  const v = args.options[name];
  if (v !== undefined && v !== 'true') throw new UsageError(`--${name} takes no value, not "${v}"`);
  return v === 'true';
}

/** `--limit N` and `--cursor C` of a paged list as its query string, empty when neither is given. */
export function pageQuery(args: ParsedArgs): string {
  const limit = intOption(args, 'limit');
  const cursor = args.options.cursor;
  if (cursor === 'true') throw new UsageError('--cursor needs the `next` of the previous page');
  const query = new URLSearchParams({
    ...(limit === undefined ? {} : { limit: String(limit) }),
    ...(cursor === undefined ? {} : { cursor }),
  });
  const text = query.toString();
  return text ? `?${text}` : '';
}

export const tenantPath = (args: ParsedArgs) => `/admin/tenants/${need(args, 'tenant')}`;

/** A JSON document given inline (`--json '{...}'`) or as a file (`--file policy.json`, `-` for stdin). */
export function jsonOption(args: ParsedArgs): unknown {
  const inline = args.options.json;
  const file = args.options.file;
  if (!inline && !file) throw new UsageError('--json or --file is required');
  const text = inline ?? readText(file!);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`${inline ? '--json' : file} is not valid JSON`);
  }
}

/** `--json` / `--file` when given, else the fallback (for bodies where the document is optional). */
export const optionalJson = (args: ParsedArgs, fallback: unknown): unknown =>
  args.options.json || args.options.file ? jsonOption(args) : fallback;

/** A file's text (`-` for stdin); an unreadable file is the caller's mistake, not the API's. */
export function readText(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
