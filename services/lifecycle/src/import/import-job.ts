import type { LineFailure } from './import-line';

/**
 * Progress of one bulk import, readable while it runs. Counts only and failures by line number
 * and reason: a job record holds no personal data, whoever may read it later.
 */
export interface ImportJob {
  importId: string;
  tenantId: string;
  /** `aborted`: the upload broke off; the lines counted as imported stay imported. */
  status: 'running' | 'done' | 'aborted' | 'failed';
  startedAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
  /** Non-blank lines read so far. */
  linesRead: number;
  imported: number;
  /** Lines whose email the tenant already had (or an earlier line of the same file). */
  duplicates: number;
  /** Lines refused as invalid; the first MAX_RECORDED_FAILURES are in `failures`. */
  failed: number;
  failures: LineFailure[];
}

/** Enough to fix a file by; a file of garbage does not grow the record without bound. */
export const MAX_RECORDED_FAILURES = 1000;

/** What one batch adds to a job. */
export interface BatchOutcome {
  linesRead: number;
  imported: number;
  duplicates: number;
  failures: LineFailure[];
}

/** Where jobs are kept; the import writes progress after every batch. */
export interface ImportJobs {
  start(tenantId: string, now: Date): Promise<ImportJob>;
  record(job: ImportJob, outcome: BatchOutcome, now: Date): Promise<ImportJob>;
  finish(job: ImportJob, status: ImportJob['status'], now: Date): Promise<ImportJob>;
  find(tenantId: string, importId: string): Promise<ImportJob | undefined>;
}

/** Adds a batch to a job as it is in memory; the store applies the same change to its record. */
export function withBatch(job: ImportJob, outcome: BatchOutcome, now: Date): ImportJob {
  const room = Math.max(0, MAX_RECORDED_FAILURES - job.failures.length);
  return {
    ...job,
    updatedAt: now,
    linesRead: job.linesRead + outcome.linesRead,
    imported: job.imported + outcome.imported,
    duplicates: job.duplicates + outcome.duplicates,
    failed: job.failed + outcome.failures.filter((f) => f.reason !== DUPLICATE).length,
    failures: [...job.failures, ...outcome.failures.slice(0, room)],
  };
}

/** The reason recorded for a duplicate line; counted in `duplicates`, listed with the failures. */
export const DUPLICATE = 'duplicate: the tenant already has a user with this email';
