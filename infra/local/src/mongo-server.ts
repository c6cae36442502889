import path from 'node:path';
import { FERRETDB_VERSION, ensureFerretDb, ferretDbPid, ferretDbStatus, stopFerretDb } from './ferretdb';
import type { Log } from './log';
import {
  MONGO_JAVA_SERVER_LABEL,
  ensureMongoJavaServer,
  mongoJavaServerPid,
  mongoJavaServerStatus,
  stopMongoJavaServer,
} from './mongo-java-server';
import { LOCAL_HOST, layout, mongoPort } from './paths';

/*
 * Which program serves the MongoDB wire protocol on the local port. mongo-java-server is the
 * default because it keeps single-document updates atomic; FerretDB stays available on request
 * (IDAAS_MONGO_SERVER=ferretdb), for instance to compare behaviour. Both use the same port, so at
 * most one of them runs.
 */

export const MONGO_SERVERS = ['mongo-java-server', 'ferretdb'] as const;
export type MongoServerKind = (typeof MONGO_SERVERS)[number];

interface MongoServerPiece {
  label: string;
  ensure: (log: Log) => Promise<string>;
  stop: (log: Log) => Promise<void>;
  pid: () => number | undefined;
  status: () => Promise<{ running: boolean; address: string; pid?: number }>;
}

const PIECES: Record<MongoServerKind, MongoServerPiece> = {
  'mongo-java-server': {
    label: MONGO_JAVA_SERVER_LABEL,
    ensure: ensureMongoJavaServer,
    stop: stopMongoJavaServer,
    pid: mongoJavaServerPid,
    status: mongoJavaServerStatus,
  },
  ferretdb: {
    label: `ferretdb ${FERRETDB_VERSION} (SQLite)`,
    ensure: ensureFerretDb,
    stop: stopFerretDb,
    pid: ferretDbPid,
    status: ferretDbStatus,
  },
};

function isKind(value: string): value is MongoServerKind {
  return (MONGO_SERVERS as readonly string[]).includes(value);
}

/** IDAAS_MONGO_SERVER, checked: a typo must not silently fall back to the other server. */
export function selectedMongoServer(): MongoServerKind {
  const raw = process.env.IDAAS_MONGO_SERVER?.trim();
  if (!raw) return 'mongo-java-server';
  if (isKind(raw)) return raw;
  throw new Error(`IDAAS_MONGO_SERVER=${raw} is not one of: ${MONGO_SERVERS.join(', ')}`);
}

export function mongoServerLabel(kind: MongoServerKind): string {
  return PIECES[kind].label;
}

/**
 * Starts the selected server. If the other one, started here earlier, holds the port (the default
 * changed, or IDAAS_MONGO_SERVER did), it is stopped first: otherwise its answering port would be
 * taken for a foreign server and reused, and the selection would silently not apply. Its data stays
 * in its own folder.
 */
export async function ensureMongo(log: Log): Promise<string> {
  const kind = selectedMongoServer();
  for (const other of MONGO_SERVERS) {
    if (other === kind) continue;
    const pid = PIECES[other].pid();
    if (pid === undefined) continue;
    const why = process.env.IDAAS_MONGO_SERVER?.trim() ? `IDAAS_MONGO_SERVER=${kind}` : 'the default';
    log(
      `[infra] mongodb: ${other} (pid ${pid}) holds ${LOCAL_HOST}:${mongoPort()} but ${kind} is selected ` +
        `(${why}); stopping ${other}, its data stays in ${path.join(layout().root, other)}`,
    );
    await PIECES[other].stop(log);
  }
  return PIECES[kind].ensure(log);
}

/** Stops whichever of them this package started; each is a no-op without a live pid file. */
export async function stopMongo(log: Log): Promise<void> {
  for (const kind of MONGO_SERVERS) await PIECES[kind].stop(log);
}

export interface MongoStatus {
  running: boolean;
  address: string;
  pid?: number;
  /** The server started here that runs, else the one `up` would start. */
  kind: MongoServerKind;
  label: string;
}

export async function mongoStatus(): Promise<MongoStatus> {
  const kind = MONGO_SERVERS.find((k) => PIECES[k].pid() !== undefined) ?? selectedMongoServer();
  const status = await PIECES[kind].status();
  return { ...status, kind, label: PIECES[kind].label };
}
