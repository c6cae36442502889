import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface DetachedSpec {
  command: string;
  args: string[];
  cwd: string;
  logFile: string;
  pidFile: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts a server that outlives the caller (a jest run, `npm run infra:up`): its own process group,
 * output appended to a log file, and not holding the caller's event loop open.
 */
export function spawnDetached(spec: DetachedSpec): number {
  fs.mkdirSync(path.dirname(spec.logFile), { recursive: true });
  fs.mkdirSync(path.dirname(spec.pidFile), { recursive: true });
  const fd = fs.openSync(spec.logFile, 'a');
  try {
    fs.writeSync(fd, `\n=== ${new Date().toISOString()} starting: ${spec.command} ${spec.args.join(' ')}\n`);
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    if (child.pid === undefined) throw new Error(`could not start ${spec.command} (see ${spec.logFile})`);
    // A spawn failure (ENOENT) is reported asynchronously; the readiness wait notices the dead pid.
    child.on('error', () => undefined);
    child.unref();
    fs.writeFileSync(spec.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    fs.closeSync(fd);
  }
}

/** A zombie (exited, not yet reaped by its parent) still accepts signals, so read its state too. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true; // no /proc (not Linux): trust kill(0)
  }
}

/** Guards against a pid file whose pid was reused by an unrelated process after a reboot or crash. */
function commandLineMatches(pid: number, marker: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return true;
  }
}

/** The pid recorded in `pidFile` if that process is still ours and alive; a stale file is removed. */
export function livePid(pidFile: string, marker: string): number | undefined {
  let raw: string;
  try {
    raw = fs.readFileSync(pidFile, 'utf8').trim();
  } catch {
    return undefined;
  }
  const pid = Number(raw);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && commandLineMatches(pid, marker)) return pid;
  fs.rmSync(pidFile, { force: true });
  return undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** SIGTERM to the whole process group, then SIGKILL if it has not exited within `graceMs`. */
export async function terminate(pid: number, graceMs: number): Promise<'exited' | 'killed'> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
  };
  signal('SIGTERM');
  const until = Date.now() + graceMs;
  while (Date.now() < until) {
    if (!isAlive(pid)) return 'exited';
    await sleep(100);
  }
  signal('SIGKILL');
  while (isAlive(pid)) await sleep(50);
  return 'killed';
}

/** True when something accepts TCP connections there; says nothing about the protocol. */
export function portAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The end of a log file, for error messages that should show why a server did not come up. */
export function tailOf(file: string, lines = 20): string {
  return lastLines(file, lines).join('\n');
}

/**
 * The error lines and exception causes near the end of a log, which say why a JVM died more
 * clearly than its last lines (usually a stack trace followed by shutdown chatter).
 */
export function errorHighlights(file: string, max = 8): string {
  const picked = lastLines(file, 400).filter((l) => /\b(ERROR|FATAL)\b|^Caused by:|Exception:/.test(l));
  return [...new Set(picked)].slice(-max).join('\n');
}

function lastLines(file: string, lines: number): string[] {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024); // logs grow to megabytes; the cause is at the end
    const buf = Buffer.alloc(length);
    fs.readSync(fd, buf, 0, length, size - length);
    return buf.toString('utf8').trimEnd().split('\n').slice(-lines);
  } catch {
    return ['(no log written)'];
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
