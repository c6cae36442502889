import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { forTenant } from '@idaas/store';
import { withBatch, type BatchOutcome, type ImportJob, type ImportJobs } from './import-job';

/** The lifecycle database's collection of import jobs. */
export const IMPORTS = 'imports';

interface ImportJobDocument extends Omit<ImportJob, 'importId'> {
  _id: string;
}

const toJob = ({ _id, ...rest }: ImportJobDocument): ImportJob => ({ importId: _id, ...rest });

/**
 * Jobs in MongoDB. Only the import that started a job writes to it, one batch after the other,
 * so writing the whole progress over the record is safe and keeps one round trip per batch.
 */
export class MongoImportJobs implements ImportJobs {
  private readonly collection: Collection<ImportJobDocument>;

  constructor(db: Db) {
    this.collection = db.collection<ImportJobDocument>(IMPORTS);
  }

  async start(tenantId: string, now: Date): Promise<ImportJob> {
    const job: ImportJob = {
      importId: randomUUID(),
      tenantId,
      status: 'running',
      startedAt: now,
      updatedAt: now,
      linesRead: 0,
      imported: 0,
      duplicates: 0,
      failed: 0,
      failures: [],
    };
    const { importId, ...rest } = job;
    await forTenant(this.collection, tenantId).insertOne({ _id: importId, ...rest });
    return job;
  }

  async record(job: ImportJob, outcome: BatchOutcome, now: Date): Promise<ImportJob> {
    return this.save(withBatch(job, outcome, now));
  }

  async finish(job: ImportJob, status: ImportJob['status'], now: Date): Promise<ImportJob> {
    return this.save({ ...job, status, updatedAt: now, finishedAt: now });
  }

  async find(tenantId: string, importId: string): Promise<ImportJob | undefined> {
    const doc = await forTenant(this.collection, tenantId).findOne({ _id: importId });
    return doc ? toJob(doc) : undefined;
  }

  private async save(job: ImportJob): Promise<ImportJob> {
    const { importId, tenantId: _tenant, ...progress } = job;
    await forTenant(this.collection, job.tenantId).updateOne({ _id: importId }, { $set: progress });
    return job;
  }
}
