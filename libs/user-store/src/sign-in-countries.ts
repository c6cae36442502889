import type { Collection, Db } from 'mongodb';
import { forTenant, type TenantOwned } from '@idaas/store';

export const SIGN_IN_COUNTRIES = 'sign_in_countries';

/**
 * The country of a user's last completed sign-in, as the deployment's trusted proxy reported it
 * (an ISO 3166-1 alpha-2 code). One document per user, read by `_id`, so it needs no index of
 * its own. Written only after a sign-in succeeds, so an attacker who fails the second factor
 * from abroad does not make their country the user's usual one.
 */
interface SignInCountryDocument extends TenantOwned {
  /** The user's id. */
  _id: string;
  country: string;
  seenAt: Date;
}

export class MongoSignInCountries {
  private readonly collection: Collection<SignInCountryDocument>;

  constructor(db: Db) {
    this.collection = db.collection<SignInCountryDocument>(SIGN_IN_COUNTRIES);
  }

  async lastCountryOf(tenantId: string, userId: string): Promise<string | undefined> {
    return (await forTenant(this.collection, tenantId).findOne({ _id: userId }))?.country;
  }

  async record(tenantId: string, userId: string, country: string, now: Date): Promise<void> {
    await this.collection.updateOne(
      { _id: userId, tenantId },
      { $set: { country, seenAt: now } },
      { upsert: true },
    );
  }
}
