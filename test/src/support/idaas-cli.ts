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

/** Runs `idaas` as an operator would, as the platform operator against the stack's plane and a region. */
export function idaasCli(
  stack: Awaited<ReturnType<typeof startStack>>,
  region: string,
): (...args: string[]) => Promise<CliRun> {
  return async (...args) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: {
        ...process.env,
        IDAAS_MANAGEMENT_URL: stack.tenant.url,
        IDAAS_REGION_URL: stack.authentication[region]!.url,
        IDAAS_CLIENT_SECRET: OPERATOR_CLIENT_SECRET,
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
