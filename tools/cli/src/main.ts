import { parseArgs, type ParsedArgs } from './args';
import { adminToken, callAdmin, CliError, type CliEnv } from './client';
import { UsageError } from './command';
import { COMMANDS, type Command, type Request } from './commands';
import { nextPageCommand } from './next-page';
import { importUsers, USERS_IMPORT_USAGE } from './users-import';

const firstWord = (usage: string) => usage.split(' ', 1)[0];

function usage(): string {
  return [
    'idaas <command> [options]: the admin API from a terminal',
    '',
    ...Object.values(COMMANDS).flatMap((c, i, all) => [
      // A blank line between resources keeps the long list readable.
      ...(i > 0 && firstWord(all[i - 1]!.usage) !== firstWord(c.usage) ? [''] : []),
      `  idaas ${c.usage}`,
    ]),
    '',
    `  idaas ${USERS_IMPORT_USAGE}`,
    '',
    'Credentials from the environment:',
    '  IDAAS_MANAGEMENT_URL  management plane (default http://127.0.0.1:4000)',
    '  IDAAS_REGION_URL      region that issues the token (default http://127.0.0.1:4100)',
    '  IDAAS_AUTHENTICATION_URL  the tenant region authentication service, for users mfa-reset (default IDAAS_REGION_URL)',
    '  IDAAS_LIFECYCLE_URL   the tenant region lifecycle service, for the other users commands (default http://127.0.0.1:4102)',
    '  IDAAS_NOTIFICATION_URL  the tenant region notification service, for webhooks deliveries, dead-letters and replay (required by them; eu http://127.0.0.1:4103 in the local stack)',
    '  IDAAS_CLIENT_TENANT   tenant slug of the client (default system)',
    '  IDAAS_CLIENT_ID       client id (default: the platform operator client)',
    '  IDAAS_CLIENT_SECRET   client secret (required)',
  ].join('\n');
}

function envFrom(e: NodeJS.ProcessEnv): CliEnv {
  const secret = e.IDAAS_CLIENT_SECRET;
  if (!secret) throw new CliError('IDAAS_CLIENT_SECRET is required (see idaas help)');
  return {
    managementUrl: e.IDAAS_MANAGEMENT_URL ?? 'http://127.0.0.1:4000',
    regionUrl: e.IDAAS_REGION_URL ?? 'http://127.0.0.1:4100',
    authenticationUrl: e.IDAAS_AUTHENTICATION_URL ?? e.IDAAS_REGION_URL ?? 'http://127.0.0.1:4100',
    lifecycleUrl: e.IDAAS_LIFECYCLE_URL ?? 'http://127.0.0.1:4102',
    notificationUrl: e.IDAAS_NOTIFICATION_URL,
    clientTenant: e.IDAAS_CLIENT_TENANT ?? 'system',
    clientId: e.IDAAS_CLIENT_ID ?? '00000000-0000-4000-8000-000000000001',
    clientSecret: secret,
  };
}

/** Where a request goes: the management plane, or the service of the tenant's region that serves it. */
function baseUrlOf(env: CliEnv, request: Request): string {
  if (request.service === 'authentication') return env.authenticationUrl;
  if (request.service === 'lifecycle') return env.lifecycleUrl;
  if (request.service === 'notification') {
    // No default: a guessed region answers 404 for a tenant that lives in another one.
    if (!env.notificationUrl)
      throw new UsageError(
        "IDAAS_NOTIFICATION_URL is required: webhook deliveries are kept by the tenant region's notification service (see idaas help)",
      );
    return env.notificationUrl;
  }
  return env.managementUrl;
}

/** The command's request, or a one-line usage error that also shows how the command is spelled. */
function requestOf(command: Command, args: ParsedArgs): Request {
  try {
    return command.request(args);
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`${e.message} (usage: idaas ${command.usage})`);
    throw e;
  }
}

async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  // An upload with progress does not fit the one request, one answer shape of COMMANDS.
  if (args.words.slice(0, 2).join(' ') === 'users import') {
    const env = envFrom(process.env);
    return importUsers(args, env.lifecycleUrl, await adminToken(env));
  }
  const command = COMMANDS[args.words.slice(0, 2).join(' ')];
  if (!command) {
    process.stdout.write(`${usage()}\n`);
    return args.words.length === 0 || args.words[0] === 'help' ? 0 : 2;
  }
  const request = requestOf(command, args);
  const env = envFrom(process.env);
  const baseUrl = baseUrlOf(env, request);
  const result = await callAdmin(
    env,
    await adminToken(env),
    request.method,
    request.path,
    request.body,
    baseUrl,
  );
  if (result !== undefined) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  // On stderr, so that stdout stays the page's JSON for whatever reads it.
  const next = command.paged ? nextPageCommand(args, result) : undefined;
  if (next) process.stderr.write(`next page: ${next}\n`);
  return 0;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`idaas: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
