import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Log } from './log';
import { copyRuntimeJars } from './maven';
import {
  LAUNCHER_CLASS,
  MONGO_JAVA_SERVER_VERSION,
  javaArgs,
  launcherSource,
  pomXml,
} from './mongo-java-server-config';
import { mongodbUri, waitForMongo } from './mongo-wire';
import { LOCAL_HOST, layout, mongoPort } from './paths';
import { livePid, portAnswers, spawnDetached, tailOf, terminate } from './process';
import { jdkCommand, requireTool, runStep } from './tools';

/*
 * The default local MongoDB-wire server: mongo-java-server on its H2 backend, run by a launcher of a
 * dozen lines that is generated and compiled here. Unlike FerretDB 1.x it applies concurrent updates
 * of one document atomically, which lockout counters and outbox arrays depend on.
 */

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 15_000;
const PROVISIONED_MARKER = '.provisioned';
const ALTERNATIVES = 'or set MONGODB_URI to an existing MongoDB';
const NAME = 'mongo-java-server';

export const MONGO_JAVA_SERVER_LABEL = `${NAME} ${MONGO_JAVA_SERVER_VERSION} (H2)`;

function javaCommand(): string {
  return jdkCommand(
    'java',
    `to run ${NAME} (the local MongoDB-wire server)`,
    `install Java 17+ ${ALTERNATIVES}`,
  );
}

/** What the compiled launcher was built from: a changed source or server version recompiles it. */
function launcherStamp(): string {
  const digest = crypto.createHash('sha256').update(launcherSource()).digest('hex').slice(0, 16);
  return `${MONGO_JAVA_SERVER_VERSION} ${digest}`;
}

function markerSays(file: string, expected: string): boolean {
  try {
    return fs.readFileSync(file, 'utf8').trim() === expected;
  } catch {
    return false;
  }
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

/** Jars land in a temporary folder first, so an interrupted download never looks complete. */
async function provisionJars(log: Log): Promise<void> {
  const L = layout().mongoJavaServer;
  if (markerSays(path.join(L.libs, PROVISIONED_MARKER), MONGO_JAVA_SERVER_VERSION)) return;
  requireTool('mvn', `to download the ${NAME} jars (first run only)`, `install Maven ${ALTERNATIVES}`);
  const started = Date.now();
  log(`[infra] ${NAME}: downloading ${MONGO_JAVA_SERVER_VERSION} jars with maven (first run only)...`);
  const staging = `${L.libs}.tmp`;
  await copyRuntimeJars({ pom: L.pom, pomXml: pomXml(), target: staging, logFile: L.provisionLog });
  fs.writeFileSync(path.join(staging, PROVISIONED_MARKER), `${MONGO_JAVA_SERVER_VERSION}\n`);
  fs.rmSync(L.libs, { recursive: true, force: true });
  fs.renameSync(staging, L.libs);
  log(`[infra] ${NAME}: jars ready (${seconds(started)})`);
}

function launcherCompiled(): boolean {
  return markerSays(path.join(layout().mongoJavaServer.classes, PROVISIONED_MARKER), launcherStamp());
}

function javacCommand(): string {
  return jdkCommand(
    'javac',
    `to compile the ${NAME} launcher (first run only)`,
    `install a JDK 17+ (not only a JRE) ${ALTERNATIVES}`,
  );
}

/** Compiled against the downloaded jars, so a launcher/jar mismatch shows up here, not at start. */
async function compileLauncher(log: Log, javac: string): Promise<void> {
  const L = layout().mongoJavaServer;
  log(`[infra] ${NAME}: compiling the launcher with javac...`);
  fs.mkdirSync(path.dirname(L.launcherSource), { recursive: true });
  fs.writeFileSync(L.launcherSource, launcherSource());
  const staging = `${L.classes}.tmp`;
  fs.rmSync(staging, { recursive: true, force: true });
  await runStep({
    command: javac,
    args: ['-cp', path.join(L.libs, '*'), '-d', staging, L.launcherSource],
    cwd: L.dir,
    logFile: L.provisionLog,
  });
  fs.writeFileSync(path.join(staging, PROVISIONED_MARKER), `${launcherStamp()}\n`);
  fs.rmSync(L.classes, { recursive: true, force: true });
  fs.renameSync(staging, L.classes);
}

/**
 * Why the JVM just died: the exception lines of this run's stack trace say it better than its last
 * lines. Earlier runs (each starts with spawnDetached's "=== ... starting" line) are skipped, since
 * their errors would mislead.
 */
function currentRunErrors(logFile: string): string {
  const lines = tailOf(logFile, 300).split('\n');
  const start = lines.map((l) => l.startsWith('=== ')).lastIndexOf(true);
  const run = lines.slice(start + 1);
  const errors = run.filter((l) => /\b(ERROR|FATAL)\b|^Caused by:|^\S.*Exception\b/.test(l));
  return (errors.length > 0 ? errors : run).slice(-8).join('\n');
}

function wait(pid: number | undefined, timeoutMs: number): Promise<void> {
  const L = layout().mongoJavaServer;
  return waitForMongo({
    name: NAME,
    pid,
    stillRunning: () => livePid(L.pidFile, LAUNCHER_CLASS) !== undefined,
    deathReport: () => currentRunErrors(L.log),
    logFile: L.log,
    timeoutMs,
  });
}

/** The pid of the server started here (per its pid file) if it still runs. */
export function mongoJavaServerPid(): number | undefined {
  return livePid(layout().mongoJavaServer.pidFile, LAUNCHER_CLASS);
}

/** Provisions on first use, starts the server unless it already runs, and waits until it answers ping. */
export async function ensureMongoJavaServer(log: Log): Promise<string> {
  const L = layout().mongoJavaServer;
  const uri = mongodbUri();
  const running = mongoJavaServerPid();
  if (running !== undefined) {
    await wait(running, READY_TIMEOUT_MS);
    return uri;
  }
  if (await portAnswers(LOCAL_HOST, mongoPort())) {
    log(
      `[infra] ${NAME}: reusing the server already listening on ${LOCAL_HOST}:${mongoPort()} (not started by infra/local)`,
    );
    await wait(undefined, 10_000);
    return uri;
  }

  // Fail on a missing java or javac before the downloads, not after them.
  const java = javaCommand();
  const javac = launcherCompiled() ? undefined : javacCommand();
  fs.mkdirSync(L.dir, { recursive: true });
  await provisionJars(log);
  if (javac !== undefined) await compileLauncher(log, javac);
  fs.mkdirSync(L.data, { recursive: true });

  const started = Date.now();
  log(
    `[infra] ${NAME}: starting ${MONGO_JAVA_SERVER_VERSION} (H2, ${L.dataFile}) on ${LOCAL_HOST}:${mongoPort()}...`,
  );
  const pid = spawnDetached({
    command: java,
    args: javaArgs({
      classes: L.classes,
      libs: L.libs,
      host: LOCAL_HOST,
      port: mongoPort(),
      dataFile: L.dataFile,
    }),
    cwd: L.dir,
    logFile: L.log,
    pidFile: L.pidFile,
  });
  await wait(pid, READY_TIMEOUT_MS);
  log(`[infra] ${NAME}: ready at ${uri} (${seconds(started)})`);
  return uri;
}

/** SIGTERM lets the launcher's shutdown hook close the H2 file cleanly. */
export async function stopMongoJavaServer(log: Log): Promise<void> {
  const L = layout().mongoJavaServer;
  const pid = mongoJavaServerPid();
  if (pid === undefined) return;
  const started = Date.now();
  log(`[infra] ${NAME}: stopping (pid ${pid})...`);
  const how = await terminate(pid, STOP_GRACE_MS);
  fs.rmSync(L.pidFile, { force: true });
  log(
    how === 'exited'
      ? `[infra] ${NAME}: stopped (${seconds(started)})`
      : `[infra] ${NAME}: did not stop within ${STOP_GRACE_MS / 1000}s, killed (the last second of writes may be lost)`,
  );
}

export async function mongoJavaServerStatus(): Promise<{ running: boolean; address: string; pid?: number }> {
  const address = `${LOCAL_HOST}:${mongoPort()}`;
  const pid = mongoJavaServerPid();
  const running = await portAnswers(LOCAL_HOST, mongoPort());
  return pid === undefined ? { running, address } : { running, address, pid };
}
