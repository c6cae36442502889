import type { Collection, Db } from 'mongodb';
import {
  generateRecoveryCodes,
  generateTotpSecret,
  hashRecoveryCode,
  matchTotp,
  seal,
  unseal,
  type SealedSecret,
} from '@idaas/crypto';
import { pushToOutbox, UserLockedV1 } from '@idaas/events';
import {
  lockEndsAt,
  nextState,
  pendingAuthenticatorAppExpired,
  pendingAuthenticatorAppsExpiredBy,
  type LockoutPolicy,
  type MfaEnrolments,
  type MfaEnrolmentView,
  type UserMfa,
  type UserMfaSettings,
} from '@idaas/identity';
import { forTenant, type IndexDeclaration } from '@idaas/store';
import { USERS, type UserDocument } from './user-document';
import { origin, userRecords, type EventSource } from './user-events';
import { MongoWebAuthnCredentials } from './webauthn-credentials';

export const MFA_ENROLMENTS = 'mfa_enrolments';
export const mfaEnrolmentIndexes: IndexDeclaration[] = [
  { collection: MFA_ENROLMENTS, keys: { tenantId: 1 } },
];

/** One user's second factors: `_id` is the user id. Secrets sealed, recovery codes hashed. */
interface MfaDocument extends UserMfaSettings {
  _id: string;
  tenantId: string;
  version: number;
  /** Verifications reserved since the last success (the password lockout's reservation idea). */
  failedAttempts: number;
  totp?: { sealed: SealedSecret; enrolledAt: Date; lastStep: number; lastUsedAt?: Date };
  /**
   * A secret shown on the enrolment page and not confirmed yet; it expires a while after
   * `startedAt` (`pendingAuthenticatorAppExpired`).
   */
  pendingTotp?: { sealed: SealedSecret; startedAt: Date };
  recoveryCodes?: { hashes: string[]; issuedAt: Date; lastUsedAt?: Date };
}

export type SecondFactorOutcome = 'verified' | 'wrong' | 'replayed' | 'locked';

export interface MongoMfaEnrolmentsOptions extends EventSource {
  /** Seals TOTP secrets at rest (the service's key-encryption key). */
  kek: Buffer;
}

/**
 * The region's store of second factors, in the identity database beside the users. A TOTP
 * secret must be usable to check codes, so it is sealed (AES-256-GCM, bound to tenant and
 * user), never hashed; recovery codes are only compared, so only their hashes are kept.
 */
export class MongoMfaEnrolments implements MfaEnrolments {
  private readonly collection: Collection<MfaDocument>;
  private readonly users: Collection<UserDocument>;
  private readonly events: EventSource;
  private readonly passkeys: MongoWebAuthnCredentials;

  constructor(
    db: Db,
    private readonly options: MongoMfaEnrolmentsOptions,
  ) {
    this.collection = db.collection<MfaDocument>(MFA_ENROLMENTS);
    this.users = db.collection<UserDocument>(USERS);
    this.events = { region: options.region, source: options.source };
    this.passkeys = new MongoWebAuthnCredentials(db);
  }

  private mine(tenantId: string) {
    return forTenant(this.collection, tenantId);
  }

  private aad(tenantId: string, userId: string): string {
    return `mfa:totp:${tenantId}:${userId}`;
  }

  async mfaOf(tenantId: string, userId: string): Promise<UserMfa> {
    // Both reads at once: a sign-in waits for this decision on every second-factor step.
    const [doc, passkeys] = await Promise.all([
      this.mine(tenantId).findOne({ _id: userId }),
      this.passkeys.enrolmentsOf(tenantId, userId),
    ]);
    const enrolments: MfaEnrolmentView[] = [];
    if (doc?.totp)
      enrolments.push({
        method: 'totp',
        enrolledAt: doc.totp.enrolledAt,
        ...(doc.totp.lastUsedAt ? { lastUsedAt: doc.totp.lastUsedAt } : {}),
      });
    if (doc?.recoveryCodes)
      enrolments.push({
        method: 'recovery_code',
        enrolledAt: doc.recoveryCodes.issuedAt,
        remaining: doc.recoveryCodes.hashes.length,
        ...(doc.recoveryCodes.lastUsedAt ? { lastUsedAt: doc.recoveryCodes.lastUsedAt } : {}),
      });
    enrolments.push(...passkeys);
    return {
      enrolments,
      ...(doc?.allowedMethods ? { allowedMethods: doc.allowedMethods } : {}),
      ...(doc?.preferredMethod ? { preferredMethod: doc.preferredMethod } : {}),
    };
  }

  /** The admin's choice for a user; a field left out is cleared (any method, no preference). */
  async setSettings(tenantId: string, userId: string, settings: UserMfaSettings): Promise<void> {
    await this.ensure(tenantId, userId);
    const unset = {
      ...(settings.allowedMethods ? {} : { allowedMethods: '' as const }),
      ...(settings.preferredMethod ? {} : { preferredMethod: '' as const }),
    };
    await this.mine(tenantId).updateOne(
      { _id: userId },
      {
        $set: {
          ...(settings.allowedMethods ? { allowedMethods: settings.allowedMethods } : {}),
          ...(settings.preferredMethod ? { preferredMethod: settings.preferredMethod } : {}),
        },
        ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
        $inc: { version: 1 },
      },
    );
  }

  /**
   * The secret the enrolment page shows: the pending one if the page is shown again (so the QR
   * code a user already scanned stays valid) until it expires, else a new one, replacing an
   * expired one (a photo of the old screen is then of no use).
   */
  async beginTotp(tenantId: string, userId: string, now: Date): Promise<string> {
    const doc = await this.ensure(tenantId, userId);
    if (doc.pendingTotp && !pendingAuthenticatorAppExpired(doc.pendingTotp.startedAt, now))
      return unseal(doc.pendingTotp.sealed, this.options.kek, this.aad(tenantId, userId));
    const secret = generateTotpSecret();
    await this.mine(tenantId).updateOne(
      {
        _id: userId,
        $or: [
          { pendingTotp: { $exists: false } },
          { 'pendingTotp.startedAt': { $lte: pendingAuthenticatorAppsExpiredBy(now) } },
        ],
      },
      {
        $set: {
          pendingTotp: { sealed: seal(secret, this.options.kek, this.aad(tenantId, userId)), startedAt: now },
        },
        $inc: { version: 1 },
      },
    );
    const after = await this.mine(tenantId).findOne({ _id: userId });
    // Two pages at once: both show the secret that was stored first.
    return after?.pendingTotp
      ? unseal(after.pendingTotp.sealed, this.options.kek, this.aad(tenantId, userId))
      : secret;
  }

  /**
   * Confirms the pending secret with a code from the app; on success TOTP is enrolled and ten
   * new recovery codes replace any old ones. They are returned this once, in plain text. An
   * expired secret is refused before any code is checked: no guess is made, so none counts
   * towards the lockout, and the page shows the user a new key (`beginTotp`).
   */
  async confirmTotp(
    tenantId: string,
    userId: string,
    code: string,
    lockout: LockoutPolicy,
    now: Date,
  ): Promise<
    | { outcome: Exclude<SecondFactorOutcome, 'verified'> | 'expired' }
    | { outcome: 'verified'; recoveryCodes: string[] }
  > {
    const pending = (await this.ensure(tenantId, userId)).pendingTotp;
    if (pending && pendingAuthenticatorAppExpired(pending.startedAt, now)) return { outcome: 'expired' };
    const reserved = await this.reserve(tenantId, userId, lockout, now);
    if (!reserved) return { outcome: 'locked' };
    if (!reserved.pendingTotp) return { outcome: 'wrong' };
    const secret = unseal(reserved.pendingTotp.sealed, this.options.kek, this.aad(tenantId, userId));
    const step = matchTotp(secret, code.trim(), now);
    if (step === undefined) return { outcome: await this.failed(reserved, lockout, now) };
    const recoveryCodes = generateRecoveryCodes();
    const saved = await this.mine(tenantId).updateOne(
      { _id: userId, version: reserved.version },
      {
        $set: {
          totp: { sealed: reserved.pendingTotp.sealed, enrolledAt: now, lastStep: step, lastUsedAt: now },
          recoveryCodes: { hashes: recoveryCodes.map(hashRecoveryCode), issuedAt: now },
          failedAttempts: 0,
        },
        $unset: { pendingTotp: '' },
        $inc: { version: 1 },
      },
    );
    return saved ? { outcome: 'verified', recoveryCodes } : { outcome: 'wrong' };
  }

  /**
   * Ten new recovery codes replacing any old ones, returned this once in plain text: for a
   * second factor enrolled without a code of its own to confirm (a passkey).
   */
  async issueRecoveryCodes(tenantId: string, userId: string, now: Date): Promise<string[]> {
    await this.ensure(tenantId, userId);
    const recoveryCodes = generateRecoveryCodes();
    await this.mine(tenantId).updateOne(
      { _id: userId },
      {
        $set: { recoveryCodes: { hashes: recoveryCodes.map(hashRecoveryCode), issuedAt: now } },
        $inc: { version: 1 },
      },
    );
    return recoveryCodes;
  }

  /**
   * Forgets the authenticator app (and a secret shown but never confirmed). False when the user
   * had none, so callers tell of a removal only when one happened.
   */
  async removeTotp(tenantId: string, userId: string): Promise<boolean> {
    return this.mine(tenantId).updateOne(
      { _id: userId, totp: { $exists: true } },
      { $unset: { totp: '', pendingTotp: '' }, $inc: { version: 1 } },
    );
  }

  /**
   * Forgets the secrets shown but never confirmed that have expired (every tenant's), saying how
   * many: `beginTotp` and `confirmTotp` refuse them anyway, this only stops keeping them.
   */
  async sweep(now: Date): Promise<number> {
    const swept = await this.collection.updateMany(
      { 'pendingTotp.startedAt': { $lte: pendingAuthenticatorAppsExpiredBy(now) } },
      { $unset: { pendingTotp: '' }, $inc: { version: 1 } },
    );
    return swept.modifiedCount;
  }

  /** Drops every recovery code; false when the user had none. */
  async removeRecoveryCodes(tenantId: string, userId: string): Promise<boolean> {
    return this.mine(tenantId).updateOne(
      { _id: userId, recoveryCodes: { $exists: true } },
      { $unset: { recoveryCodes: '' }, $inc: { version: 1 } },
    );
  }

  /** Checks a TOTP code (refusing the time step of one already used) or spends a recovery code. */
  async verify(
    tenantId: string,
    userId: string,
    method: 'totp' | 'recovery_code',
    code: string,
    lockout: LockoutPolicy,
    now: Date,
  ): Promise<SecondFactorOutcome> {
    const reserved = await this.reserve(tenantId, userId, lockout, now);
    if (!reserved) return 'locked';
    if (method === 'totp') {
      if (!reserved.totp) return this.failed(reserved, lockout, now);
      const secret = unseal(reserved.totp.sealed, this.options.kek, this.aad(tenantId, userId));
      const step = matchTotp(secret, code.trim(), now);
      if (step === undefined) return this.failed(reserved, lockout, now);
      // RFC 6238 section 5.2: a code is accepted once; the step only moves forward.
      const fresh = await this.mine(tenantId).updateOne(
        { _id: userId, 'totp.lastStep': { $lt: step } },
        { $set: { 'totp.lastStep': step, 'totp.lastUsedAt': now, failedAttempts: 0 }, $inc: { version: 1 } },
      );
      return fresh ? 'verified' : 'replayed';
    }
    const hash = hashRecoveryCode(code);
    const hashes = reserved.recoveryCodes?.hashes ?? [];
    if (!hashes.includes(hash)) return this.failed(reserved, lockout, now);
    // Conditional on the version reserved: of two uses of one code at once, one wins.
    const spent = await this.mine(tenantId).updateOne(
      { _id: userId, version: reserved.version },
      {
        $set: {
          'recoveryCodes.hashes': hashes.filter((h) => h !== hash),
          'recoveryCodes.lastUsedAt': now,
          failedAttempts: 0,
        },
        $inc: { version: 1 },
      },
    );
    return spent ? 'verified' : 'replayed';
  }

  /**
   * Checks a code kept elsewhere (an emailed code) under the same reservation as TOTP codes, so
   * wrong codes of every method add up to one lockout.
   */
  async verifyElsewhere(
    tenantId: string,
    userId: string,
    check: () => Promise<boolean>,
    lockout: LockoutPolicy,
    now: Date,
  ): Promise<'verified' | 'wrong' | 'locked'> {
    const reserved = await this.reserve(tenantId, userId, lockout, now);
    if (!reserved) return 'locked';
    if (!(await check())) return this.failed(reserved, lockout, now);
    await this.mine(tenantId).updateOne(
      { _id: userId },
      { $set: { failedAttempts: 0 }, $inc: { version: 1 } },
    );
    return 'verified';
  }

  private async ensure(tenantId: string, userId: string): Promise<MfaDocument> {
    const found = await this.mine(tenantId).findOne({ _id: userId });
    if (found) return found;
    await this.collection.updateOne(
      { _id: userId },
      { $setOnInsert: { tenantId, version: 1, failedAttempts: 0 } },
      { upsert: true },
    );
    const made = await this.mine(tenantId).findOne({ _id: userId });
    if (!made) throw new Error(`user ${userId} has second factors in another tenant`);
    return made;
  }

  /**
   * Reserves one verification before checking it, as the password sign-in does: at most
   * `maxAttempts` wrong codes are ever checked, however many requests arrive at once.
   */
  private async reserve(
    tenantId: string,
    userId: string,
    lockout: LockoutPolicy,
    now: Date,
  ): Promise<MfaDocument | null> {
    await this.ensure(tenantId, userId);
    const reserved = await this.mine(tenantId).findOneAndUpdate(
      { _id: userId, failedAttempts: { $lt: lockout.maxAttempts } },
      { $inc: { failedAttempts: 1, version: 1 } },
    );
    if (!reserved) await this.lockUser(tenantId, userId, lockout, now);
    return reserved;
  }

  /** A wrong code; the one that fills the counter locks the user exactly as wrong passwords do. */
  private async failed(
    reserved: MfaDocument,
    lockout: LockoutPolicy,
    now: Date,
  ): Promise<'wrong' | 'locked'> {
    if (reserved.failedAttempts < lockout.maxAttempts) return 'wrong';
    await this.lockUser(reserved.tenantId, reserved._id, lockout, now);
    return 'locked';
  }

  /** The password lockout's `lock` transition with its event; the counter starts again after it. */
  private async lockUser(tenantId: string, userId: string, lockout: LockoutPolicy, now: Date): Promise<void> {
    const users = forTenant(this.users, tenantId);
    const user = await users.findOne({ _id: userId });
    if (user && (user.state === 'active' || user.state === 'password_reset_required')) {
      const lockedUntil = lockEndsAt(lockout, now);
      const event = UserLockedV1.create(
        userId,
        { userId, from: user.state, lockedUntil: lockedUntil.toISOString() },
        origin(this.events, tenantId, now),
      );
      await users.updateOne(
        { _id: userId, state: user.state },
        {
          $set: { state: nextState(user.state, 'lock'), lockedUntil, updatedAt: now },
          $inc: { version: 1 },
          ...pushToOutbox(userRecords([event])),
        },
      );
    }
    await this.mine(tenantId).updateOne(
      { _id: userId },
      { $set: { failedAttempts: 0 }, $inc: { version: 1 } },
    );
  }
}
