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
  return { recoveryCodes: confirmed.recoveryCodes, ...authenticatorApp(secret, then) };
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
