import type { Db } from 'mongodb';
import { parseKeyEncryptionKey, totpAt } from '@idaas/crypto';
import { authenticationSettings } from '@idaas/authentication-service/src/settings';
import { MFA_ENROLMENTS, MongoMfaEnrolments } from '@idaas/user-store';

/** A region's store of second factors, sealing with the key the stack's authentication service uses. */
export function stackMfaEnrolments(identity: Db, region: string): MongoMfaEnrolments {
  return new MongoMfaEnrolments(identity, {
    region,
    source: `/idaas/${region}/test`,
    kek: parseKeyEncryptionKey(authenticationSettings.keyEncryptionKey.default ?? ''),
  });
}

/**
 * TOTP enrolled straight in a region's identity database, as the authentication service of the
 * stack (which runs with the development key-encryption key) reads it. The enrolment is dated an
 * hour back, so every time step within the ±1 window of now is still fresh: a suite gets three
 * codes in a row without waiting for the clock.
 */
export async function enrolTotp(identity: Db, at: { region: string; tenantId: string }, userId: string) {
  const enrolments = stackMfaEnrolments(identity, at.region);
  const then = new Date(Date.now() - 3600_000);
  const secret = await enrolments.beginTotp(at.tenantId, userId, then);
  const lockout = { maxAttempts: 5, durationSeconds: 900 };
  const confirmed = await enrolments.confirmTotp(at.tenantId, userId, totpAt(secret, then), lockout, then);
  if (confirmed.outcome !== 'verified') throw new Error(`TOTP enrolment: ${confirmed.outcome}`);
  return { recoveryCodes: confirmed.recoveryCodes, ...authenticatorApp(secret, then) };
}

/**
 * The stack has no settable clock: the key a set-up page showed the user (and they never
 * confirmed) is dated `minutes` back instead, as if shown that long ago.
 */
export async function backdatePendingKey(identity: Db, userId: string, minutes: number): Promise<void> {
  await identity
    .collection<{ _id: string }>(MFA_ENROLMENTS)
    .updateOne(
      { _id: userId },
      { $set: { 'pendingTotp.startedAt': new Date(Date.now() - minutes * 60_000) } },
    );
}

/**
 * An authenticator app holding `secret`, last used at `lastUsed`: each code it gives is of a time
 * step after the last one given, within the ±1 window around now, so none is refused as replayed.
 */
function authenticatorApp(secret: string, lastUsed: Date) {
  let lastStep = Math.floor(lastUsed.getTime() / 30_000);
  return {
    secret,
    /** A code of a time step after the last one used, within the window around now. */
    nextCode(): string {
      lastStep = Math.max(lastStep + 1, Math.floor(Date.now() / 30_000) - 1);
      return totpAt(secret, new Date(lastStep * 30_000));
    },
  };
}

/**
 * The authenticator app a user adds from a set-up page (the sign-in's enrolment or the account
 * page's): the key is read from the page as the app would take it, and no code was used yet.
 */
export function appFromSetUpPage(html: string) {
  const secret = /data-secret="([A-Z2-7]+)"/.exec(html)?.[1];
  if (!secret) throw new Error(`no authenticator app key on the page:\n${html}`);
  return authenticatorApp(secret, new Date(Date.now() - 30_000));
}
