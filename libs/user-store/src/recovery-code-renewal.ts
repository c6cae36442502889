import type { MfaChangeActor } from '@idaas/events';
import type { MfaChanges } from './mfa-changes';
import type { MongoMfaEnrolments } from './mongo-mfa-enrolments';

export interface RecoveryCodeRenewalDeps {
  codes: Pick<MongoMfaEnrolments, 'issueRecoveryCodes'>;
  changes: MfaChanges;
}

/**
 * Ten new recovery codes replacing the old ones, told as `regenerated`: the account page and
 * `/me` both come here, so the event is the same whichever the user used. Whether the user has a
 * second factor for the codes to back up is the caller's check, made on what it already read.
 */
export async function renewRecoveryCodes(
  deps: RecoveryCodeRenewalDeps,
  tenantId: string,
  userId: string,
  actor: MfaChangeActor,
  now: Date,
): Promise<string[]> {
  const codes = await deps.codes.issueRecoveryCodes(tenantId, userId, now);
  await deps.changes.record(tenantId, userId, { method: 'recovery_code', change: 'regenerated', actor }, now);
  return codes;
}
