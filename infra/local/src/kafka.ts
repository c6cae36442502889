import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import {
  DEFAULT_SLF4J_VERSION,
  KAFKA_VERSION,
  log4jProperties,
  newClusterId,
  pomXml,
  serverProperties,
} from './kafka-config';
import { LOCAL_HOST, kafkaPort, layout } from './paths';
import { errorHighlights, livePid, portAnswers, sleep, spawnDetached, tailOf, terminate } from './process';
import { copyRuntimeJars } from './maven';
import { jdkCommand, requireTool, runStep } from './tools';
import type { Log } from './log';

/** Appears in the broker's command line; tells our broker from an unrelated process reusing its pid. */
const MAIN_CLASS = 'kafka.Kafka';
const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 30_000;
const PROVISIONED_MARKER = '.provisioned';
const USE_EXISTING_KAFKA = 'set KAFKA_BROKERS to an existing Kafka';

export function kafkaAddress(): string {
  return `${LOCAL_HOST}:${kafkaPort()}`;
}

function javaCommand(): string {
  return jdkCommand('java', 'to run the local Kafka broker', `install Java 17+ or ${USE_EXISTING_KAFKA}`);
}

function jarsProvisioned(libs: string): boolean {
  try {
    return fs.readFileSync(path.join(libs, PROVISIONED_MARKER), 'utf8').trim() === KAFKA_VERSION;
  } catch {
    return false;
  }
}

async function copyDependencies(slf4jVersion: string, target: string): Promise<string | undefined> {
  const L = layout().kafka;
  await copyRuntimeJars({ pom: L.pom, pomXml: pomXml(slf4jVersion), target, logFile: L.provisionLog });
  const api = fs.readdirSync(target).find((f) => /^slf4j-api-.+\.jar$/.test(f));
  return api?.replace(/^slf4j-api-/, '').replace(/\.jar$/, '');
}

/**
 * Resolves the broker's runtime classpath into .local/kafka/libs with Maven. Jars land in a
 * temporary folder first, so an interrupted download is never mistaken for a complete one.
 */
async function provisionJars(log: Log): Promise<void> {
  const L = layout().kafka;
  if (jarsProvisioned(L.libs)) return;
  requireTool(
    'mvn',
    'to download the Kafka broker jars (first run only)',
    `install Maven or ${USE_EXISTING_KAFKA}`,
  );
  const started = Date.now();
  log(`[infra] kafka: downloading broker jars ${KAFKA_VERSION} with maven (first run only)...`);
  fs.mkdirSync(L.dir, { recursive: true });
  const staging = `${L.libs}.tmp`;
  const slf4j = await copyDependencies(DEFAULT_SLF4J_VERSION, staging);
  if (slf4j && slf4j !== DEFAULT_SLF4J_VERSION) {
    // The binding must match the API the broker pulled in, or slf4j silently logs nowhere.
    log(`[infra] kafka: broker uses slf4j ${slf4j}; fetching the matching logging binding...`);
    await copyDependencies(slf4j, staging);
  }
  fs.writeFileSync(path.join(staging, PROVISIONED_MARKER), `${KAFKA_VERSION}\n`);
  fs.rmSync(L.libs, { recursive: true, force: true });
  fs.renameSync(staging, L.libs);
  log(`[infra] kafka: broker jars ready (${seconds(started)})`);
}

function javaArgs(mainClass: string, ...rest: string[]): string[] {
  const L = layout().kafka;
  return [
    '-Xmx512m',
    '-XX:+UseG1GC',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${L.log4jProperties}`,
    '-cp',
    `${L.libs}/*`,
    mainClass,
    ...rest,
  ];
}

/** Written on every start so that a changed IDAAS_KAFKA_PORT takes effect without a reset. */
function writeConfig(): void {
  const L = layout();
  fs.mkdirSync(L.kafka.data, { recursive: true });
  fs.mkdirSync(L.logs, { recursive: true });
  fs.writeFileSync(
    L.kafka.serverProperties,
    serverProperties({ host: LOCAL_HOST, port: kafkaPort(), dataDir: L.kafka.data }),
  );
  fs.writeFileSync(L.kafka.log4jProperties, log4jProperties(L.kafka.serverLog));
}

/** KRaft refuses to start on an unformatted log dir; formatting twice would change the cluster id. */
async function formatStorage(log: Log): Promise<void> {
  const L = layout().kafka;
  if (fs.existsSync(path.join(L.data, 'meta.properties'))) return;
  const clusterId = newClusterId();
  log(`[infra] kafka: formatting KRaft storage (cluster id ${clusterId})...`);
  await runStep({
    command: javaCommand(),
    args: javaArgs(
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      L.serverProperties,
      '--ignore-formatted',
    ),
    cwd: L.dir,
    logFile: L.provisionLog,
  });
}

/** Ready means what a client needs: metadata answers and the broker has registered with the quorum. */
async function kafkaAnswers(brokers: string[]): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'idaas-infra-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1500,
    requestTimeout: 5000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    await admin.listTopics();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length >= 1;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * A fresh broker answers metadata before its group coordinator (__consumer_offsets) and producer-id
 * allocation are ready; the first consumer group or idempotent producer then sees retriable errors
 * that kafkajs logs as ERROR. Touching both here keeps that noise and delay out of test runs.
 */
async function warmUp(brokers: string[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'idaas-infra-warmup', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  try {
    await admin.connect();
    await admin.describeGroups(['idaas-infra-warmup']);
    await producer.connect();
  } catch {
    // Only an optimisation: clients retry the same errors themselves.
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

function startupErrors(): string {
  const L = layout().kafka;
  const highlights = [errorHighlights(L.serverLog), errorHighlights(L.stdoutLog)].filter(Boolean).join('\n');
  return highlights || tailOf(L.stdoutLog, 15);
}

function logHint(): string {
  const L = layout().kafka;
  return `see ${L.serverLog} and ${L.stdoutLog}`;
}

async function waitForKafka(pid: number | undefined, timeoutMs: number): Promise<void> {
  const address = kafkaAddress();
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (pid !== undefined && livePid(layout().kafka.pidFile, MAIN_CLASS) === undefined) {
      throw new Error(`kafka exited during start-up (${logHint()}):\n${startupErrors()}`);
    }
    if (await kafkaAnswers([address])) return;
    await sleep(500);
  }
  throw new Error(
    pid === undefined
      ? `something listens on ${address} but does not answer as a Kafka broker; stop it or set IDAAS_KAFKA_PORT`
      : `kafka (pid ${pid}) did not answer at ${address} within ${timeoutMs / 1000}s (${logHint()})`,
  );
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

/** Provisions on first use, starts the broker unless it already runs, and waits until it answers. */
export async function ensureKafka(log: Log): Promise<string[]> {
  const L = layout().kafka;
  const address = kafkaAddress();
  const running = livePid(L.pidFile, MAIN_CLASS);
  if (running !== undefined) {
    await waitForKafka(running, READY_TIMEOUT_MS);
    return [address];
  }
  if (await portAnswers(LOCAL_HOST, kafkaPort())) {
    log(`[infra] kafka: reusing the broker already listening on ${address} (not started by infra/local)`);
    await waitForKafka(undefined, 15_000);
    return [address];
  }

  const java = javaCommand();
  await provisionJars(log);
  writeConfig();
  await formatStorage(log);

  const started = Date.now();
  log(`[infra] kafka: starting broker ${KAFKA_VERSION} (KRaft) on ${address}...`);
  const pid = spawnDetached({
    command: java,
    args: javaArgs(MAIN_CLASS, L.serverProperties),
    cwd: L.dir,
    logFile: L.stdoutLog,
    pidFile: L.pidFile,
  });
  await waitForKafka(pid, READY_TIMEOUT_MS);
  await warmUp([address]);
  log(`[infra] kafka: ready at ${address} (${seconds(started)})`);
  return [address];
}

/**
 * Stops the broker this package started. With no live pid file there is nothing of ours to stop;
 * if something still answers on the port it is someone else's broker, and a fault-injection test
 * (`refuseForeign`) must hear that rather than believe the broker is down.
 */
export async function stopKafkaProcess(log: Log, opts: { refuseForeign: boolean }): Promise<void> {
  const L = layout().kafka;
  const pid = livePid(L.pidFile, MAIN_CLASS);
  if (pid === undefined) {
    if (opts.refuseForeign && (await portAnswers(LOCAL_HOST, kafkaPort()))) {
      throw new Error(
        `the Kafka on ${kafkaAddress()} was not started by infra/local (no live ${L.pidFile}); stop it yourself`,
      );
    }
    return;
  }
  const started = Date.now();
  log(`[infra] kafka: stopping broker (pid ${pid})...`);
  const how = await terminate(pid, STOP_GRACE_MS);
  fs.rmSync(L.pidFile, { force: true });
  log(
    how === 'exited'
      ? `[infra] kafka: stopped (${seconds(started)})`
      : `[infra] kafka: did not stop within ${STOP_GRACE_MS / 1000}s, killed`,
  );
}

export async function kafkaStatus(): Promise<{ running: boolean; address: string; pid?: number }> {
  const address = kafkaAddress();
  const pid = livePid(layout().kafka.pidFile, MAIN_CLASS);
  const running = await portAnswers(LOCAL_HOST, kafkaPort());
  return pid === undefined ? { running, address } : { running, address, pid };
}
