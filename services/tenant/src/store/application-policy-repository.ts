import type { Collection, Db } from 'mongodb';
import {
  ApplicationPolicyChangedV1,
  outboxRecords,
  pushToOutbox,
  type EventData,
  type PolicyOverrides,
  type WithOutbox,
} from '@idaas/events';
import { isDuplicateKey } from '@idaas/store';
import { MANAGEMENT_SOURCE } from '../domain/tenant';
import { StalePolicyError } from './policy-repository';

export type ApplicationPolicy = EventData<typeof ApplicationPolicyChangedV1>;

interface ApplicationPolicyDocument extends ApplicationPolicy, WithOutbox {
  _id: string;
}

export const APPLICATION_POLICIES = 'application_policies';

/** The overrides set on one application (none until first saved); each write carries its event. */
export class ApplicationPolicyRepository {
  private readonly collection: Collection<ApplicationPolicyDocument>;

  constructor(db: Db) {
    this.collection = db.collection<ApplicationPolicyDocument>(APPLICATION_POLICIES);
  }

  async overridesOf(
    tenantId: string,
    applicationId: string,
  ): Promise<{ overrides: PolicyOverrides; version: number }> {
    const doc = await this.collection.findOne({ _id: applicationId, tenantId });
    return doc ? { overrides: doc.overrides, version: doc.version } : { overrides: {}, version: 0 };
  }

  /** Saves over the version that was read; a concurrent save makes this one stale. */
  async save(
    tenantId: string,
    applicationId: string,
    readVersion: number,
    overrides: PolicyOverrides,
  ): Promise<ApplicationPolicy> {
    const saved: ApplicationPolicy = { tenantId, applicationId, overrides, version: readVersion + 1 };
    const event = ApplicationPolicyChangedV1.create(applicationId, saved, {
      source: MANAGEMENT_SOURCE,
      tenantId,
    });
    const outbox = outboxRecords([{ event, stream: 'config' as const }]);
    if (readVersion === 0) {
      try {
        await this.collection.insertOne({ _id: applicationId, ...saved, outbox });
        return saved;
      } catch (e) {
        if (isDuplicateKey(e)) throw new StalePolicyError(applicationId);
        throw e;
      }
    }
    const r = await this.collection.updateOne(
      { _id: applicationId, tenantId, version: readVersion },
      { $set: saved, ...pushToOutbox(outbox) },
    );
    if (r.matchedCount !== 1) throw new StalePolicyError(applicationId);
    return saved;
  }
}
