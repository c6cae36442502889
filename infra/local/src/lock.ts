import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAlive, sleep } from './process';

export interface LockOptions {
  /** A lock whose holder stopped refreshing it this long ago is taken over (holder hung or on another host). */
  staleMs?: number;
  /** Give up waiting after this long; first provisioning holds the lock for minutes. */
  waitMs?: number;
  log?: (msg: string) => void;
}

interface Owner {
  token: string;
  pid: number;
  host: string;
  since: string;
}

const HEARTBEAT_MS = 10_000;

function ownerFile(dir: string): string {
  return path.join(dir, 'owner.json');
}

function readOwner(dir: string): Owner | undefined {
  try {
    return JSON.parse(fs.readFileSync(ownerFile(dir), 'utf8')) as Owner;
  } catch {
    return undefined;
  }
}

function lastBeat(dir: string): number {
  try {
    return fs.statSync(ownerFile(dir)).mtimeMs;
  } catch {
    try {
      return fs.statSync(dir).mtimeMs; // owner.json not written yet: the holder just took it
    } catch {
      return Date.now();
    }
  }
}

function isStale(dir: string, staleMs: number): { stale: boolean; owner?: Owner } {
  const owner = readOwner(dir);
  if (owner && owner.host === os.hostname() && !isAlive(owner.pid)) return { stale: true, owner };
  return { stale: Date.now() - lastBeat(dir) > staleMs, owner };
}

/**
 * Moves a stale lock aside rather than deleting it in place, so two waiters that both judged it
 * stale cannot end up deleting a lock that a third process has just taken.
 */
function breakLock(dir: string, judged: Owner | undefined): void {
  const aside = `${dir}.stale-${process.pid}-${Date.now()}`;
  try {
    fs.renameSync(dir, aside);
  } catch {
    return; // someone else broke it first
  }
  const moved = readOwner(aside);
  if (judged && moved && moved.token !== judged.token) {
    try {
      fs.renameSync(aside, dir); // we moved a fresh lock: put it back
      return;
    } catch {
      // the lock path was taken again meanwhile; the fresh holder keeps going without its dir
    }
  }
  fs.rmSync(aside, { recursive: true, force: true });
}

/**
 * Cross-process mutex on a directory (mkdir is atomic), so that jest workers, `npm start` and the
 * CLI racing at once provision and start each server only once.
 */
export async function withLock<T>(dir: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const staleMs = opts.staleMs ?? 3 * 60_000;
  const waitMs = opts.waitMs ?? 20 * 60_000;
  const token = randomUUID();
  const started = Date.now();
  let told = false;
  fs.mkdirSync(path.dirname(dir), { recursive: true });

  for (;;) {
    try {
      fs.mkdirSync(dir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const { stale, owner } = isStale(dir, staleMs);
    if (stale) {
      opts.log?.(`[infra] breaking a stale lock ${dir} (held by pid ${owner?.pid ?? 'unknown'})`);
      breakLock(dir, owner);
      continue;
    }
    if (!told) {
      opts.log?.(
        `[infra] waiting for pid ${owner?.pid ?? '?'}, which is bringing up the local infrastructure...`,
      );
      told = true;
    }
    if (Date.now() - started > waitMs) {
      throw new Error(`timed out after ${Math.round(waitMs / 1000)}s waiting for the lock ${dir}`);
    }
    await sleep(200 + Math.random() * 300);
  }

  const owner: Owner = { token, pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  fs.writeFileSync(ownerFile(dir), JSON.stringify(owner));
  const heartbeat = setInterval(() => {
    try {
      const now = new Date();
      fs.utimesSync(ownerFile(dir), now, now);
    } catch {
      // lock was broken under us; nothing useful to do from a timer
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    if (readOwner(dir)?.token === token) fs.rmSync(dir, { recursive: true, force: true });
  }
}
