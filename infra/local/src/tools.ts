import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tailOf } from './process';

/** What `command -v` answers, without needing a shell on PATH. */
export function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    if (!dir) return false;
    try {
      fs.accessSync(path.join(dir, tool), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Fails before any download starts when a toolchain is missing, naming the tool and the piece
 * that needs it, since the underlying ENOENT from spawn says neither.
 */
export function requireTool(tool: string, neededFor: string, remedy: string): void {
  if (!onPath(tool)) throw new Error(`${tool} is required ${neededFor}; ${remedy}`);
}

/**
 * A JDK command: `$JAVA_HOME/bin/<tool>` when JAVA_HOME names a JDK that has it (so a developer
 * can pick the JDK without reordering PATH), else `<tool>` from PATH, else an error naming it.
 */
export function jdkCommand(tool: 'java' | 'javac', neededFor: string, remedy: string): string {
  const home = process.env.JAVA_HOME;
  if (home) {
    const candidate = path.join(home, 'bin', tool);
    if (fs.existsSync(candidate)) return candidate;
  }
  requireTool(tool, neededFor, remedy);
  return tool;
}

export interface StepSpec {
  command: string;
  args: string[];
  cwd: string;
  logFile: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs a provisioning command (mvn, go, the Kafka storage tool) to completion. Output goes to a log
 * file rather than the terminal: it is long, and only matters when the step fails, in which case
 * its tail is in the error.
 */
export function runStep(spec: StepSpec): Promise<string> {
  fs.mkdirSync(path.dirname(spec.logFile), { recursive: true });
  const fd = fs.openSync(spec.logFile, 'a');
  fs.writeSync(fd, `\n=== ${new Date().toISOString()} ${spec.command} ${spec.args.join(' ')}\n`);
  let open = true;
  const close = () => {
    if (open) fs.closeSync(fd);
    open = false;
  };
  return new Promise<string>((resolve, reject) => {
    let stdout = '';
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ['ignore', 'pipe', fd],
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (open) fs.writeSync(fd, chunk);
    });
    child.once('error', (err) => {
      close();
      reject(new Error(`could not run ${spec.command}: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      close();
      if (code === 0) {
        resolve(stdout);
        return;
      }
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(
        new Error(
          `${spec.command} ${spec.args.join(' ')} ${how}; full output in ${spec.logFile}:\n${tailOf(spec.logFile)}`,
        ),
      );
    });
  });
}
