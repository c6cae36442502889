import type { Collection, Db } from 'mongodb';

interface ConsentDocument {
  /** `<tenantId>/<userId>/<clientId>`: one record per user and third-party application. */
  _id: string;
  tenantId: string;
  userId: string;
  clientId: string;
  scopes: string[];
  updatedAt: Date;
}

export const CONSENTS = 'consents';

/** What users allowed third-party applications, so they are asked once per scope. */
export class ConsentStore {
  private readonly collection: Collection<ConsentDocument>;

  constructor(db: Db) {
    this.collection = db.collection<ConsentDocument>(CONSENTS);
  }

  async covers(tenantId: string, userId: string, clientId: string, scopes: string[]): Promise<boolean> {
    const doc = await this.collection.findOne({ _id: `${tenantId}/${userId}/${clientId}`, tenantId });
    return !!doc && scopes.every((s) => doc.scopes.includes(s));
  }

  async remember(
    tenantId: string,
    userId: string,
    clientId: string,
    scopes: string[],
    now: Date,
  ): Promise<void> {
    await this.collection.updateOne(
      { _id: `${tenantId}/${userId}/${clientId}` },
      {
        $set: { tenantId, userId, clientId, updatedAt: now },
        $addToSet: { scopes: { $each: scopes } },
      },
      { upsert: true },
    );
  }
}
