import path from 'node:path';

/** The monorepo root: this file lives in infra/local/src. */
export const repoRoot = path.resolve(__dirname, '../../..');

/**
 * Everything downloaded, built or written at run time lives under one git-ignored folder, so a
 * clean checkout is provisioned once and `rm -rf .local` is a full reset.
 */
export function localDir(): string {
  const override = process.env.IDAAS_LOCAL_DIR;
  return override ? path.resolve(override) : path.join(repoRoot, '.local');
}

export interface Layout {
  root: string;
  run: string;
  logs: string;
  lock: string;
  kafka: {
    dir: string;
    libs: string;
    data: string;
    pom: string;
    serverProperties: string;
    log4jProperties: string;
    pidFile: string;
    serverLog: string;
    stdoutLog: string;
    provisionLog: string;
  };
  mongoJavaServer: {
    dir: string;
    libs: string;
    pom: string;
    launcherSource: string;
    classes: string;
    data: string;
    /** One H2 MVStore file holds every database and collection. */
    dataFile: string;
    pidFile: string;
    log: string;
    provisionLog: string;
  };
  ferretdb: {
    dir: string;
    src: string;
    bin: string;
    binary: string;
    data: string;
    state: string;
    pidFile: string;
    log: string;
    buildLog: string;
  };
}

/** Resolved on every call so a test can point IDAAS_LOCAL_DIR elsewhere before using the API. */
export function layout(): Layout {
  const root = localDir();
  const run = path.join(root, 'run');
  const logs = path.join(root, 'logs');
  const kafkaDir = path.join(root, 'kafka');
  const mjsDir = path.join(root, 'mongo-java-server');
  const ferretDir = path.join(root, 'ferretdb');
  return {
    root,
    run,
    logs,
    lock: path.join(run, 'infra.lock'),
    kafka: {
      dir: kafkaDir,
      libs: path.join(kafkaDir, 'libs'),
      data: path.join(kafkaDir, 'data'),
      pom: path.join(kafkaDir, 'pom.xml'),
      serverProperties: path.join(kafkaDir, 'server.properties'),
      log4jProperties: path.join(kafkaDir, 'log4j.properties'),
      pidFile: path.join(run, 'kafka.pid'),
      serverLog: path.join(logs, 'kafka.log'),
      stdoutLog: path.join(logs, 'kafka.stdout.log'),
      provisionLog: path.join(logs, 'kafka-provision.log'),
    },
    mongoJavaServer: {
      dir: mjsDir,
      libs: path.join(mjsDir, 'libs'),
      pom: path.join(mjsDir, 'pom.xml'),
      launcherSource: path.join(mjsDir, 'launcher', 'IdaasMongoServer.java'),
      classes: path.join(mjsDir, 'classes'),
      data: path.join(mjsDir, 'data'),
      dataFile: path.join(mjsDir, 'data', 'idaas.mv.db'),
      pidFile: path.join(run, 'mongo-java-server.pid'),
      log: path.join(logs, 'mongo-java-server.log'),
      provisionLog: path.join(logs, 'mongo-java-server-provision.log'),
    },
    ferretdb: {
      dir: ferretDir,
      src: path.join(ferretDir, 'src'),
      bin: path.join(ferretDir, 'bin'),
      binary: path.join(ferretDir, 'bin', 'ferretdb'),
      data: path.join(ferretDir, 'data'),
      state: path.join(ferretDir, 'state'),
      pidFile: path.join(run, 'ferretdb.pid'),
      log: path.join(logs, 'ferretdb.log'),
      buildLog: path.join(logs, 'ferretdb-build.log'),
    },
  };
}

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65534) {
    throw new Error(`${name}=${raw} is not a valid TCP port`);
  }
  return port;
}

/** The broker's client port; the KRaft controller listens on the next one. */
export function kafkaPort(): number {
  return portFromEnv('IDAAS_KAFKA_PORT', 19092);
}

/** Not 27017, so a MongoDB the developer already runs does not clash with ours. */
export function mongoPort(): number {
  return portFromEnv('IDAAS_MONGO_PORT', 27117);
}

export const LOCAL_HOST = '127.0.0.1';
