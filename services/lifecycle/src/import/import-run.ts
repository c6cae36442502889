import type { PasswordHasher } from '@idaas/identity';
import { DUPLICATE, type ImportJob, type ImportJobs, type BatchOutcome } from './import-job';
import { parseImportLine, type ImportedUser, type LineFailure } from './import-line';
import type { BatchWrite, HashedUser } from './user-batch-writer';

/** Users per insertMany and per progress record: a round trip per thousand users, progress every second or so. */
export const IMPORT_BATCH_SIZE = 1000;
/** A line longer than this is not a user; it is refused without being parsed. */
export const MAX_LINE_CHARS = 16 * 1024;

export interface ImportRun {
  tenantId: string;
  /** The file's lines as they arrive (blank ones included, so line numbers are the file's). */
  lines: AsyncIterable<string>;
  jobs: ImportJobs;
  users: { insert(tenantId: string, batch: readonly HashedUser[], now: Date): Promise<BatchWrite> };
  hasher: Pick<PasswordHasher, 'hash'>;
  clock: () => Date;
  /** Told after every batch, e.g. to stream the progress to the uploader. */
  onProgress?: (job: ImportJob) => void;
  batchSize?: number;
}

/**
 * Imports a file of users batch by batch while it is read, so memory holds one batch whatever
 * the file's size, and the job record shows progress as it goes. Ends `done`, `aborted` (the
 * lines stopped coming: the upload broke off) or `failed` (the store refused a write); what was
 * imported before stays, and every line is either a whole user with its event or nothing.
 */
export async function runImport(run: ImportRun, job: ImportJob): Promise<ImportJob> {
  const size = run.batchSize ?? IMPORT_BATCH_SIZE;
  let pending: ImportedUser[] = [];
  let refused: LineFailure[] = [];
  let read = 0;
  const flush = async () => {
    if (read === 0) return;
    job = await writeBatch(run, job, { users: pending, refused, read });
    run.onProgress?.(job);
    pending = [];
    refused = [];
    read = 0;
  };
  let lineNumber = 0;
  try {
    for await (const text of run.lines) {
      lineNumber += 1;
      if (text.trim() === '') continue;
      read += 1;
      if (text.length > MAX_LINE_CHARS) refused.push({ line: lineNumber, reason: 'line too long' });
      else {
        const parsed = parseImportLine(text, lineNumber);
        if (parsed.ok) pending.push(parsed.user);
        else refused.push(parsed.failure);
      }
      if (pending.length + refused.length >= size) await flush();
    }
  } catch (e) {
    if (!(e instanceof LinesBrokeOff)) return finish(run, job, 'failed');
    if (pending.length + refused.length > 0) await flush().catch(() => undefined);
    return finish(run, job, 'aborted');
  }
  try {
    await flush();
  } catch {
    return finish(run, job, 'failed');
  }
  return finish(run, job, 'done');
}

/** Thrown by a line source whose input ended before it was complete (a dropped upload). */
export class LinesBrokeOff extends Error {
  constructor() {
    super('the input ended early');
    this.name = 'LinesBrokeOff';
  }
}

async function writeBatch(
  run: ImportRun,
  job: ImportJob,
  batch: { users: ImportedUser[]; refused: LineFailure[]; read: number },
): Promise<ImportJob> {
  // Clear passwords are hashed here (argon2id, the slow path); given hashes are stored as they are.
  const hashed: HashedUser[] = await Promise.all(
    batch.users.map(async ({ password, ...user }) =>
      password === undefined ? user : { ...user, passwordHash: await run.hasher.hash(password) },
    ),
  );
  const now = run.clock();
  const written = await run.users.insert(run.tenantId, hashed, now);
  const duplicates: LineFailure[] = written.duplicateLines.map((line) => ({ line, reason: DUPLICATE }));
  const outcome: BatchOutcome = {
    linesRead: batch.read,
    imported: written.imported,
    duplicates: duplicates.length,
    failures: [...batch.refused, ...duplicates].sort((a, b) => a.line - b.line),
  };
  return run.jobs.record(job, outcome, now);
}

async function finish(run: ImportRun, job: ImportJob, status: ImportJob['status']): Promise<ImportJob> {
  const finished = await run.jobs.finish(job, status, run.clock());
  run.onProgress?.(finished);
  return finished;
}
