import type { Collection, Db } from 'mongodb';
import { outboxRecords, pushToOutbox, type CloudEvent, type WithOutbox } from '@idaas/events';
import { forTenant, type IndexDeclaration } from '@idaas/store';
import type { Application } from '../domain/application';

interface ApplicationDocument extends Application, WithOutbox {
  _id: string;
}

export const APPLICATIONS = 'applications';

export const applicationIndexes: IndexDeclaration[] = [
  { collection: APPLICATIONS, keys: { tenantId: 1, createdAt: 1 } },
];

export class StaleApplicationError extends Error {}

const records = (events: CloudEvent[]) =>
  outboxRecords(events.map((event) => ({ event, stream: 'config' as const })));

/** Applications of one tenant at a time: every query is scoped by tenant id. */
export class ApplicationRepository {
  private readonly collection: Collection<ApplicationDocument>;

  constructor(db: Db) {
    this.collection = db.collection<ApplicationDocument>(APPLICATIONS);
  }

  async insert(app: Application, events: CloudEvent[]): Promise<void> {
    await forTenant(this.collection, app.tenantId).insertOne({
      _id: app.applicationId,
      ...app,
      outbox: records(events),
    });
  }

  async save(readVersion: number, app: Application, events: CloudEvent[]): Promise<void> {
    const { tenantId: _t, applicationId: _a, ...fields } = app;
    const saved = await forTenant(this.collection, app.tenantId).updateOne(
      { _id: app.applicationId, version: readVersion },
      { $set: fields, ...pushToOutbox(records(events)) },
    );
    if (!saved) throw new StaleApplicationError(app.applicationId);
  }

  async find(tenantId: string, applicationId: string): Promise<Application | null> {
    const doc = await forTenant(this.collection, tenantId).findOne(
      { _id: applicationId, status: 'active' },
      { projection: { outbox: 0 } },
    );
    return doc ? withoutId(doc) : null;
  }

  async list(tenantId: string, limit: number): Promise<Application[]> {
    const docs = await forTenant(this.collection, tenantId).find(
      { status: 'active' },
      { projection: { outbox: 0 }, sort: { createdAt: 1, _id: 1 }, limit },
    );
    return docs.map(withoutId);
  }
}

function withoutId({ _id: _ignored, ...app }: ApplicationDocument): Application {
  return app;
}
