import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { OPERATOR_CLIENT_SECRET, type startStack } from './stack';

const CLI = path.resolve(__dirname, '../../../tools/cli/src/main.ts');

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** A tenant's own client to run as instead of the platform operator. */
export interface CliClient {
  tenantSlug: string;
  clientId: string;
  clientSecret: string;
}

/** Runs `idaas` as an operator would, against the stack's plane and a region's token endpoint. */
export function idaasCli(
  stack: Awaited<ReturnType<typeof startStack>>,
  region: string,
  client?: CliClient,
  /** The region's other services a command reaches, e.g. `IDAAS_LIFECYCLE_URL`. */
  services: Record<string, string> = {},
): (...args: string[]) => Promise<CliRun> {
  return async (...args) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: {
        ...process.env,
        IDAAS_MANAGEMENT_URL: stack.tenant.url,
        IDAAS_REGION_URL: stack.authentication[region]!.url,
        IDAAS_CLIENT_SECRET: client?.clientSecret ?? OPERATOR_CLIENT_SECRET,
        ...(client ? { IDAAS_CLIENT_TENANT: client.tenantSlug, IDAAS_CLIENT_ID: client.clientId } : {}),
        ...services,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    return { code, out, err };
  };
}
