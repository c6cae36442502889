import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log } from './log';
import { mongodbUri, waitForMongo as waitForPing } from './mongo-wire';
import { LOCAL_HOST, layout, mongoPort } from './paths';
import { livePid, portAnswers, spawnDetached, tailOf, terminate } from './process';
import { requireTool, runStep } from './tools';

/*
 * Opt-in only (IDAAS_MONGO_SERVER=ferretdb): FerretDB 1.x loses concurrent updates of one
 * document (200 concurrent `$inc`+`$push` on one document leave n at 8-14, not 200). The
 * platform's lockout counters and outbox arrays rely on atomic single-document updates, so
 * mongo-java-server (mongo-java-server.ts) is the default.
 */

/** The last 1.x line: the SQLite backend was dropped in 2.x, which needs PostgreSQL + DocumentDB. */
export const FERRETDB_VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 15_000;
const USE_EXISTING_MONGO = 'set MONGODB_URI to an existing MongoDB';

function versionMarker(): string {
  return path.join(layout().ferretdb.bin, '.version');
}

function built(): boolean {
  try {
    return (
      fs.existsSync(layout().ferretdb.binary) &&
      fs.readFileSync(versionMarker(), 'utf8').trim() === FERRETDB_VERSION
    );
  } catch {
    return false;
  }
}

/** Go builds here need no network beyond the module proxy and no C compiler (SQLite is pure Go). */
function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOTOOLCHAIN: 'local',
    GOWORK: 'off',
    GOFLAGS: '-buildvcs=false',
    CGO_ENABLED: '0',
  };
}

interface ModuleDownload {
  Dir?: string;
  Error?: string;
}

/** The module cache keeps sources read-only; the copy must be writable to add version.txt. */
function makeWritable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(full);
    else if (entry.isFile()) fs.chmodSync(full, 0o644);
  }
}

/**
 * Builds FerretDB's own command from its released module. The module zip lacks the generated
 * build/version/version.txt that a release build has, and the binary panics at start without it,
 * so the source is copied out of the module cache and the file written before `go build`.
 */
async function build(log: Log): Promise<void> {
  const L = layout().ferretdb;
  requireTool(
    'go',
    'to build FerretDB (the local MongoDB-wire server, first run only)',
    `install Go 1.24+ or ${USE_EXISTING_MONGO}`,
  );
  const started = Date.now();
  log(`[infra] ferretdb: building ${FERRETDB_VERSION} with go (first run, ~1-5 min)...`);
  fs.mkdirSync(L.bin, { recursive: true });
  fs.mkdirSync(L.src, { recursive: true });
  const env = goEnv();

  const json = await runStep({
    command: 'go',
    args: ['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`],
    cwd: L.src,
    logFile: L.buildLog,
    env,
  });
  const mod = JSON.parse(json) as ModuleDownload;
  if (!mod.Dir) throw new Error(`go could not download ${MODULE}@${FERRETDB_VERSION}: ${mod.Error ?? json}`);

  const src = path.join(L.src, `FerretDB-${FERRETDB_VERSION}`);
  fs.rmSync(src, { recursive: true, force: true });
  fs.cpSync(mod.Dir, src, { recursive: true });
  makeWritable(src);
  fs.writeFileSync(path.join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
  fs.writeFileSync(path.join(src, 'build', 'version', 'package.txt'), 'idaas-local\n');

  const staging = `${L.binary}.tmp`;
  await runStep({
    command: 'go',
    args: ['build', '-trimpath', '-o', staging, './cmd/ferretdb'],
    cwd: src,
    logFile: L.buildLog,
    env,
  });
  // A binary that cannot report its version would also fail at start; find out now, not later.
  const version = await runStep({ command: staging, args: ['--version'], cwd: L.dir, logFile: L.buildLog });
  if (!version.includes(FERRETDB_VERSION)) {
    throw new Error(`the FerretDB build reports an unexpected version (see ${L.buildLog}):\n${version}`);
  }
  fs.renameSync(staging, L.binary);
  fs.writeFileSync(versionMarker(), `${FERRETDB_VERSION}\n`);
  fs.rmSync(L.src, { recursive: true, force: true }); // the module cache keeps the pristine source
  log(`[infra] ferretdb: built ${FERRETDB_VERSION} (${seconds(started)})`);
}

function serverArgs(): string[] {
  const L = layout().ferretdb;
  return [
    '--handler=sqlite',
    // FerretDB insists on a file: URL naming an existing directory, with a trailing slash.
    `--sqlite-url=${pathToFileURL(L.data).href}/`,
    `--listen-addr=${LOCAL_HOST}:${mongoPort()}`,
    `--state-dir=${L.state}`,
    '--telemetry=disable',
    // Its debug/metrics HTTP listener defaults to :8088, a port dev tools like; we do not need it.
    '--debug-addr=-',
    // warn keeps failed commands (what FerretDB does not support) but not every connection.
    '--log-level=warn',
    '--log-format=text',
  ];
}

function waitForMongo(pid: number | undefined, timeoutMs: number): Promise<void> {
  const L = layout().ferretdb;
  return waitForPing({
    name: 'ferretdb',
    pid,
    stillRunning: () => livePid(L.pidFile, L.binary) !== undefined,
    deathReport: () => `last lines:\n${tailOf(L.log)}`,
    logFile: L.log,
    timeoutMs,
  });
}

/** The pid of the FerretDB started here (per its pid file) if it still runs, whatever its port. */
export function ferretDbPid(): number | undefined {
  const L = layout().ferretdb;
  return livePid(L.pidFile, L.binary);
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

/** Builds on first use, starts the server unless it already runs, and waits until it answers ping. */
export async function ensureFerretDb(log: Log): Promise<string> {
  const L = layout().ferretdb;
  const uri = mongodbUri();
  const running = livePid(L.pidFile, L.binary);
  if (running !== undefined) {
    await waitForMongo(running, READY_TIMEOUT_MS);
    return uri;
  }
  if (await portAnswers(LOCAL_HOST, mongoPort())) {
    log(
      `[infra] ferretdb: reusing the server already listening on ${LOCAL_HOST}:${mongoPort()} (not started by infra/local)`,
    );
    await waitForMongo(undefined, 10_000);
    return uri;
  }

  if (!built()) await build(log);
  fs.mkdirSync(L.data, { recursive: true });
  fs.mkdirSync(L.state, { recursive: true });

  const started = Date.now();
  log(`[infra] ferretdb: starting ${FERRETDB_VERSION} (SQLite) on ${LOCAL_HOST}:${mongoPort()}...`);
  const pid = spawnDetached({
    command: L.binary,
    args: serverArgs(),
    cwd: L.dir,
    logFile: L.log,
    pidFile: L.pidFile,
  });
  await waitForMongo(pid, READY_TIMEOUT_MS);
  log(`[infra] ferretdb: ready at ${uri} (${seconds(started)})`);
  return uri;
}

export async function stopFerretDb(log: Log): Promise<void> {
  const L = layout().ferretdb;
  const pid = livePid(L.pidFile, L.binary);
  if (pid === undefined) return;
  log(`[infra] ferretdb: stopping (pid ${pid})...`);
  const how = await terminate(pid, STOP_GRACE_MS);
  fs.rmSync(L.pidFile, { force: true });
  log(
    how === 'exited'
      ? '[infra] ferretdb: stopped'
      : `[infra] ferretdb: did not stop within ${STOP_GRACE_MS / 1000}s, killed`,
  );
}

export async function ferretDbStatus(): Promise<{ running: boolean; address: string; pid?: number }> {
  const L = layout().ferretdb;
  const address = `${LOCAL_HOST}:${mongoPort()}`;
  const pid = livePid(L.pidFile, L.binary);
  const running = await portAnswers(LOCAL_HOST, mongoPort());
  return pid === undefined ? { running, address } : { running, address, pid };
}
