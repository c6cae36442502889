import { MongoClient } from 'mongodb';
import { LOCAL_HOST, mongoPort } from './paths';
import { sleep } from './process';

/**
 * What the platform sees, whichever server implements the wire protocol behind it. No database
 * name: each service picks its own.
 */
export function mongodbUri(): string {
  return `mongodb://${LOCAL_HOST}:${mongoPort()}/`;
}

/** Ready means a MongoDB `ping` answers, not merely that the port accepts connections. */
export async function mongoAnswers(uri: string): Promise<boolean> {
  const client = new MongoClient(uri, {
    directConnection: true,
    serverSelectionTimeoutMS: 1500,
    connectTimeoutMS: 1500,
  });
  try {
    await client.connect();
    const reply = await client.db('admin').command({ ping: 1 });
    return reply.ok === 1;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

export interface MongoWait {
  /** The server's name in messages ("mongo-java-server", "ferretdb"). */
  name: string;
  /** Undefined when the server on the port was not started here (reused as is). */
  pid: number | undefined;
  /** False once the process we started has died: no point waiting for it any longer. */
  stillRunning: () => boolean;
  /** Why it died, quoted from its log. */
  deathReport: () => string;
  logFile: string;
  timeoutMs: number;
}

/** Polls `ping` until it answers, failing fast if the process exits meanwhile. */
export async function waitForMongo(w: MongoWait): Promise<void> {
  const uri = mongodbUri();
  const until = Date.now() + w.timeoutMs;
  while (Date.now() < until) {
    if (w.pid !== undefined && !w.stillRunning()) {
      throw new Error(`${w.name} exited during start-up (see ${w.logFile}):\n${w.deathReport()}`);
    }
    if (await mongoAnswers(uri)) return;
    await sleep(300);
  }
  throw new Error(
    w.pid === undefined
      ? `something listens on ${LOCAL_HOST}:${mongoPort()} but does not answer MongoDB ping; stop it or set IDAAS_MONGO_PORT`
      : `${w.name} (pid ${w.pid}) did not answer ping at ${uri} within ${w.timeoutMs / 1000}s (see ${w.logFile})`,
  );
}
