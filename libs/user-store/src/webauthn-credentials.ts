import type { Collection, Db } from 'mongodb';
import type { MfaEnrolmentView } from '@idaas/identity';
import { forTenant, isDuplicateKey, type IndexDeclaration, type TenantOwned } from '@idaas/store';
import { USERS, type UserDocument } from './user-document';

export const WEBAUTHN_CREDENTIALS = 'webauthn_credentials';

/** Passkeys one user may hold: enough for a phone, a laptop and a few security keys. */
export const WEBAUTHN_CREDENTIALS_PER_USER = 10;

export const webauthnCredentialIndexes: IndexDeclaration[] = [
  { collection: WEBAUTHN_CREDENTIALS, keys: { tenantId: 1, userId: 1 } },
];

/** Transports the authenticator reported; they only help the browser find it again. */
export type WebAuthnTransport = 'ble' | 'cable' | 'hybrid' | 'internal' | 'nfc' | 'smart-card' | 'usb';

/** A registered WebAuthn credential: the public key is no secret, so it is stored as it is. */
export interface WebAuthnCredential {
  /** The credential id the authenticator chose (base64url). */
  credentialId: string;
  userId: string;
  /** COSE public key (base64url). */
  publicKey: string;
  /** The signature counter last seen; 0 for authenticators that keep none (most passkeys). */
  counter: number;
  transports: WebAuthnTransport[];
  /** Synced passkey (`multiDevice`) or a key bound to one authenticator (`singleDevice`). */
  deviceType: 'singleDevice' | 'multiDevice';
  label: string;
  createdAt: Date;
  lastUsedAt?: Date;
}

interface CredentialDocument extends TenantOwned, Omit<WebAuthnCredential, 'credentialId'> {
  /**
   * `{tenantId}/{credentialId}`: unique per tenant, so a credential id made up to equal another
   * tenant's can neither collide with it nor be found through it.
   */
  _id: string;
  credentialId: string;
}

export type CredentialUse = 'used' | 'cloned' | 'gone';

const idOf = (tenantId: string, credentialId: string) => `${tenantId}/${credentialId}`;
const toCredential = ({
  _id: _ignored,
  tenantId: _tenant,
  ...rest
}: CredentialDocument): WebAuthnCredential => rest;

/** The region's WebAuthn credentials (identity database, beside the users and their other factors). */
export class MongoWebAuthnCredentials {
  private readonly collection: Collection<CredentialDocument>;
  private readonly users: Collection<UserDocument>;

  constructor(db: Db) {
    this.collection = db.collection<CredentialDocument>(WEBAUTHN_CREDENTIALS);
    this.users = db.collection<UserDocument>(USERS);
  }

  private mine(tenantId: string) {
    return forTenant(this.collection, tenantId);
  }

  async credentialsOf(tenantId: string, userId: string): Promise<WebAuthnCredential[]> {
    const docs = await this.mine(tenantId).find({ userId }, { sort: { createdAt: 1 } });
    return docs.map(toCredential);
  }

  async find(tenantId: string, credentialId: string): Promise<WebAuthnCredential | undefined> {
    const doc = await this.mine(tenantId).findOne({ _id: idOf(tenantId, credentialId) });
    return doc ? toCredential(doc) : undefined;
  }

  /** The enrolments `/me`, SCIM and the admin API list: the label and dates, never the key. */
  async enrolmentsOf(tenantId: string, userId: string): Promise<MfaEnrolmentView[]> {
    return (await this.credentialsOf(tenantId, userId)).map((c) => ({
      method: 'webauthn',
      label: c.label,
      credentialId: c.credentialId,
      enrolledAt: c.createdAt,
      ...(c.lastUsedAt ? { lastUsedAt: c.lastUsedAt } : {}),
    }));
  }

  /** False when the credential is already registered (to this or another user of the tenant) or the user has too many. */
  async register(tenantId: string, credential: WebAuthnCredential): Promise<boolean> {
    const mine = this.mine(tenantId);
    if ((await mine.count({ userId: credential.userId })) >= WEBAUTHN_CREDENTIALS_PER_USER) return false;
    try {
      await mine.insertOne({ _id: idOf(tenantId, credential.credentialId), ...credential });
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  /**
   * Records a verified assertion. Replays are the single-use challenge's business; the counter
   * is about clones: one that did not move forward (while the authenticator keeps one) means
   * two authenticators hold the key. Conditional on the counter read before the check, so a
   * concurrent use in between is not overwritten with an older value.
   * https://www.w3.org/TR/webauthn-3/#sctn-sign-counter
   */
  async recordUse(
    tenantId: string,
    before: WebAuthnCredential,
    newCounter: number,
    now: Date,
  ): Promise<CredentialUse> {
    const counts = before.counter > 0 || newCounter > 0;
    if (counts && newCounter <= before.counter) return 'cloned';
    const moved = await this.mine(tenantId).updateOne(
      { _id: idOf(tenantId, before.credentialId), counter: before.counter },
      { $set: { counter: newCounter, lastUsedAt: now } },
    );
    return moved ? 'used' : 'gone';
  }

  /**
   * A sign-in with a passkey alone, for an active user only (checked in the same write, so a
   * lock or suspension that lands first wins). The sign-in time moves, as a password sign-in's
   * does, so idle suspension counts it.
   */
  async recordPasswordlessSignIn(tenantId: string, userId: string, now: Date): Promise<boolean> {
    return forTenant(this.users, tenantId).updateOne(
      { _id: userId, state: 'active' },
      { $set: { lastSignInAt: now } },
    );
  }

  async rename(tenantId: string, userId: string, credentialId: string, label: string): Promise<boolean> {
    return this.mine(tenantId).updateOne({ _id: idOf(tenantId, credentialId), userId }, { $set: { label } });
  }

  async remove(tenantId: string, userId: string, credentialId: string): Promise<boolean> {
    return this.mine(tenantId).deleteOne({ _id: idOf(tenantId, credentialId), userId });
  }

  /** Every passkey and security key of the user; how many there were. */
  async removeAllOf(tenantId: string, userId: string): Promise<number> {
    return this.mine(tenantId).deleteMany({ userId });
  }
}
