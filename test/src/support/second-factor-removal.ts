import type { Db } from 'mongodb';
import { parseKeyEncryptionKey } from '@idaas/crypto';
import { authenticationSettings } from '@idaas/authentication-service/src/settings';
import {
  MongoKnownDevices,
  MongoMfaChanges,
  MongoMfaEnrolments,
  MongoWebAuthnCredentials,
  SecondFactorRemoval,
} from '@idaas/user-store';

/**
 * The platform's one way of taking second factors away, on a region's identity database: what
 * the admin reset and the account page run, for suites that only need its events to happen.
 */
export function secondFactorRemoval(identity: Db, region: string): SecondFactorRemoval {
  const events = { region, source: `/idaas/${region}/test` };
  return new SecondFactorRemoval({
    mfa: new MongoMfaEnrolments(identity, {
      ...events,
      kek: parseKeyEncryptionKey(authenticationSettings.keyEncryptionKey.default ?? ''),
    }),
    passkeys: new MongoWebAuthnCredentials(identity),
    changes: new MongoMfaChanges(identity, events),
    devices: new MongoKnownDevices(identity, events),
  });
}
