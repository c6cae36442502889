import type { Db } from 'mongodb';
import { parseKeyEncryptionKey, totpAt } from '@idaas/crypto';
import { authenticationSettings } from '@idaas/authentication-service/src/settings';
import { MongoMfaEnrolments } from '@idaas/user-store';

/**
 * TOTP enrolled straight in a region's identity database, as the authentication service of the
 * stack (which runs with the development key-encryption key) reads it. The enrolment is dated an
 * hour back, so every time step within the ±1 window of now is still fresh: a suite gets three
 * codes in a row without waiting for the clock.
 */
export async function enrolTotp(identity: Db, at: { region: string; tenantId: string }, userId: string) {
  const enrolments = new MongoMfaEnrolments(identity, {
    region: at.region,
    source: `/idaas/${at.region}/test`,
    kek: parseKeyEncryptionKey(authenticationSettings.keyEncryptionKey.default ?? ''),
  });
  const then = new Date(Date.now() - 3600_000);
  const secret = await enrolments.beginTotp(at.tenantId, userId, then);
  const lockout = { maxAttempts: 5, durationSeconds: 900 };
  const confirmed = await enrolments.confirmTotp(at.tenantId, userId, totpAt(secret, then), lockout, then);
  if (confirmed.outcome !== 'verified') throw new Error(`TOTP enrolment: ${confirmed.outcome}`);
  let lastStep = Math.floor(then.getTime() / 30_000);
  return {
    recoveryCodes: confirmed.recoveryCodes,
    /** A code of a time step after the last one used, within the window around now. */
    nextCode(): string {
      lastStep = Math.max(lastStep + 1, Math.floor(Date.now() / 30_000) - 1);
      return totpAt(secret, new Date(lastStep * 30_000));
    },
  };
}
