import { ensureKafka, kafkaAddress, kafkaStatus, stopKafkaProcess } from './kafka';
import { KAFKA_VERSION } from './kafka-config';
import { withLock } from './lock';
import { defaultLog, type Log } from './log';
import { ensureMongo, mongoStatus, stopMongo } from './mongo-server';
import { mongodbUri } from './mongo-wire';
import { layout } from './paths';
import { portAnswers } from './process';

export { FERRETDB_VERSION } from './ferretdb';
export { KAFKA_VERSION } from './kafka-config';
export { MONGO_JAVA_SERVER_VERSION } from './mongo-java-server-config';
export { MONGO_SERVERS, selectedMongoServer, type MongoServerKind } from './mongo-server';
export type { Log } from './log';
export { startMailbox } from './mailbox';
export type { MailboxOptions, ReceivedMessage, RunningMailbox } from './mailbox';

export interface InfraEndpoints {
  kafkaBrokers: string[];
  mongodbUri: string;
  /** false when at least one endpoint came from KAFKA_BROKERS / MONGODB_URI instead of .local */
  managed: boolean;
}

export interface InfraOptions {
  log?: Log;
}

export interface ServerStatus {
  running: boolean;
  address: string;
  pid?: number;
  /** false when the address comes from KAFKA_BROKERS / MONGODB_URI */
  managed: boolean;
  /** Which program serves it, e.g. "mongo-java-server 1.47.0 (H2)"; absent for external servers. */
  server?: string;
}

export interface InfraStatus {
  kafka: ServerStatus;
  mongodb: ServerStatus;
}

function envBrokers(): string[] | undefined {
  const raw = process.env.KAFKA_BROKERS?.trim();
  if (!raw) return undefined;
  const brokers = raw
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  return brokers.length > 0 ? brokers : undefined;
}

function envMongoUri(): string | undefined {
  return process.env.MONGODB_URI?.trim() || undefined;
}

function lock<T>(log: Log, fn: () => Promise<T>): Promise<T> {
  return withLock(layout().lock, fn, { log });
}

/**
 * Provisions (first run), starts (if not running) and waits for Kafka and the MongoDB-wire server
 * (mongo-java-server, or FerretDB with IDAAS_MONGO_SERVER=ferretdb). A piece whose endpoint is given
 * by KAFKA_BROKERS or MONGODB_URI is used as is: nothing is downloaded or started for it, so a
 * developer with their own servers needs no JDK, Maven or Go.
 */
export async function ensureInfra(opts: InfraOptions = {}): Promise<InfraEndpoints> {
  const log = opts.log ?? defaultLog;
  const externalBrokers = envBrokers();
  const externalMongo = envMongoUri();
  if (externalBrokers && externalMongo) {
    return { kafkaBrokers: externalBrokers, mongodbUri: externalMongo, managed: false };
  }

  return lock(log, async () => {
    // Both at once: each mostly waits, on Maven's downloads or on a JVM starting up.
    const [kafka, mongo] = await Promise.allSettled([
      externalBrokers ? Promise.resolve(externalBrokers) : ensureKafka(log),
      externalMongo ? Promise.resolve(externalMongo) : ensureMongo(log),
    ]);
    const failures = [kafka, mongo].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length > 0) {
      const messages = failures.map((f) => (f.reason instanceof Error ? f.reason.message : String(f.reason)));
      throw new Error(`[infra] could not bring up the local infrastructure:\n- ${messages.join('\n- ')}`);
    }
    return {
      kafkaBrokers: kafka.status === 'fulfilled' ? kafka.value : [],
      mongodbUri: mongo.status === 'fulfilled' ? mongo.value : '',
      managed: !externalBrokers && !externalMongo,
    };
  });
}

/** Stops whatever this package started (per its pid files); servers it merely reused keep running. */
export async function stopInfra(opts: InfraOptions = {}): Promise<void> {
  const log = opts.log ?? defaultLog;
  await lock(log, async () => {
    await Promise.all([stopKafkaProcess(log, { refuseForeign: false }), stopMongo(log)]);
  });
}

/** Fault injection: takes the managed broker away (SIGTERM, SIGKILL after 30 s) and waits until it is gone. */
export async function stopKafka(opts: InfraOptions = {}): Promise<void> {
  const log = opts.log ?? defaultLog;
  await lock(log, () => stopKafkaProcess(log, { refuseForeign: true }));
}

/** Brings the managed broker back (provisioning it if needed) and waits until it answers. */
export async function startKafka(opts: InfraOptions = {}): Promise<void> {
  const log = opts.log ?? defaultLog;
  await lock(log, async () => {
    await ensureKafka(log);
  });
}

async function externalStatus(address: string): Promise<ServerStatus> {
  const hostPort = /^(?:[a-z+]+:\/\/)?(?:[^@/]*@)?([^/:,?]+):(\d+)/i.exec(address);
  const running = hostPort ? await portAnswers(hostPort[1] ?? '', Number(hostPort[2])) : false;
  return { running, address, managed: false };
}

/** Cheap: a TCP probe per server, no lock, no protocol handshake. */
export async function infraStatus(): Promise<InfraStatus> {
  const brokers = envBrokers();
  const mongo = envMongoUri();
  const [kafka, mongodb] = await Promise.all([
    brokers
      ? externalStatus(brokers[0] ?? '')
      : kafkaStatus().then((s) => ({ ...s, managed: true, server: `kafka ${KAFKA_VERSION} (KRaft)` })),
    mongo
      ? externalStatus(mongo)
      : mongoStatus().then(({ kind: _kind, label, ...s }) => ({ ...s, managed: true, server: label })),
  ]);
  return { kafka, mongodb };
}

export { kafkaAddress, mongodbUri };
