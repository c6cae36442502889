import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');

export interface ChildServer {
  url: string;
  /**
   * CPU time the server's process has used so far (user + system, every thread: JavaScript, GC,
   * the libuv pool that hashes passwords), in seconds. Differences of two readings tell what a
   * measured window cost the server alone, whatever else (database, broker, load) shared the cores.
   */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

let clockTicks: number | undefined;

/** Kernel clock ticks per second, the unit of /proc/<pid>/stat's CPU times. */
function ticksPerSecond(): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return clockTicks;
}

/** utime + stime of a process from /proc (Linux): fields 14 and 15, counted after the `(comm)`. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
}

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  return port;
}

/**
 * A server under test in a process of its own, so its JavaScript has one core to itself and the
 * load generator's work is not counted against it. With BENCH_CPU_PROF=<dir>, node writes CPU
 * profiles of the child into <dir>/<name>/ when it exits.
 */
export async function startChildServer(
  name: string,
  script: string,
  env: Record<string, string | undefined>,
  readyPath: string,
): Promise<ChildServer> {
  const port = await freePort();
  const profile = process.env.BENCH_CPU_PROF;
  // A directory per server: node writes one profile per thread (tsx's loader has one too).
  const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profile, name)}`] : [];
  // tsx as a loader, not its CLI (which would run the script in a grandchild process).
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', path.join(ROOT, script)],
    {
      env: { PATH: process.env.PATH, ...env, PORT: String(port) },
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before it was ready`);
    const ready = await fetch(`${url}${readyPath}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const pid = child.pid!;
  return {
    url,
    cpuSeconds: () => processCpuSeconds(pid),
    async stop() {
      if (child.exitCode !== null) return;
      // SIGTERM lets the service shut down gracefully, which is also when node writes the profile.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
      await exited;
      clearTimeout(timer);
    },
  };
}
