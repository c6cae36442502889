import type { Db } from 'mongodb';
import { KNOWN_DEVICES } from './known-devices';
import { MFA_ENROLMENTS } from './mongo-mfa-enrolments';
import { SIGN_IN_COUNTRIES } from './sign-in-countries';
import { SIGNIN_TICKETS } from './signin-tickets';
import { WEBAUTHN_CREDENTIALS } from './webauthn-credentials';

/** Collections keyed by the user's id: one document per user. */
const KEYED_BY_USER = [MFA_ENROLMENTS, SIGN_IN_COUNTRIES];
/** Collections with a `userId` field: any number of documents per user. */
const NAMING_THE_USER = [WEBAUTHN_CREDENTIALS, KNOWN_DEVICES, SIGNIN_TICKETS];

/**
 * Everything the identity database keeps about a user beside the user document: second factors
 * (sealed TOTP secret, recovery code hashes, passkeys with their labels), known devices with
 * their browser labels, the last sign-in country, pending sign-in tickets. Erasure removes them
 * all before the tombstone is written, so a crash in between leaves a user to delete again
 * rather than a tombstone with personal data beside it. Running it twice is harmless.
 */
export async function eraseUserSatellites(db: Db, tenantId: string, userId: string): Promise<number> {
  let erased = 0;
  for (const name of KEYED_BY_USER) {
    erased += (await db.collection<{ _id: string }>(name).deleteMany({ _id: userId, tenantId })).deletedCount;
  }
  for (const name of NAMING_THE_USER) {
    erased += (await db.collection(name).deleteMany({ tenantId, userId })).deletedCount;
  }
  return erased;
}
