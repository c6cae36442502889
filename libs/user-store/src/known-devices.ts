import type { Collection, Db } from 'mongodb';
import { pushToOutbox, UserSignInNewDeviceV1 } from '@idaas/events';
import { forTenant, isDuplicateKey, type IndexDeclaration, type TenantOwned } from '@idaas/store';
import { USERS, type UserDocument } from './user-document';
import { origin, userRecords, type EventSource } from './user-events';

export const KNOWN_DEVICES = 'known_devices';

/** The most recent devices kept per user; older ones are forgotten (and count as new again). */
export const KNOWN_DEVICES_PER_USER = 20;

export const knownDeviceIndexes: IndexDeclaration[] = [
  // The recognition at each sign-in reads one user's devices, most recent first.
  { collection: KNOWN_DEVICES, keys: { tenantId: 1, userId: 1, lastSeenAt: -1 } },
];

/**
 * A browser a user completed a sign-in from. Only the SHA-256 of the device cookie is kept, so a
 * database read gives nothing to replay; the label is all that is said about the device.
 */
interface KnownDeviceDocument extends TenantOwned {
  /** `{userId}/{deviceHash}`: one record per user and browser, even when users share a browser. */
  _id: string;
  userId: string;
  deviceHash: string;
  label: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** Set when the user ticked "remember this device" after a second factor on this browser. */
  mfaRememberedUntil?: Date;
}

export interface KnownDevice {
  deviceHash: string;
  label: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  mfaRememberedUntil?: Date;
}

/** The region's known devices per user (identity database), for new-device notices and step-up rules. */
export class MongoKnownDevices {
  private readonly collection: Collection<KnownDeviceDocument>;
  private readonly users: Collection<UserDocument>;
  private readonly events: EventSource;

  constructor(db: Db, events: EventSource) {
    this.collection = db.collection<KnownDeviceDocument>(KNOWN_DEVICES);
    this.users = db.collection<UserDocument>(USERS);
    this.events = { region: events.region, source: events.source };
  }

  async devicesOf(tenantId: string, userId: string): Promise<KnownDevice[]> {
    const docs = await forTenant(this.collection, tenantId).find(
      { userId },
      { sort: { lastSeenAt: -1 }, limit: KNOWN_DEVICES_PER_USER },
    );
    return docs.map(({ deviceHash, label, firstSeenAt, lastSeenAt, mfaRememberedUntil }) => ({
      deviceHash,
      label,
      firstSeenAt,
      lastSeenAt,
      ...(mfaRememberedUntil ? { mfaRememberedUntil } : {}),
    }));
  }

  /**
   * The second factor need not be asked again on this browser for this user until `until`. Bound
   * to both: the record is the user's, keyed by the browser's cookie hash, so neither another user
   * on the browser nor the user on another browser benefits.
   */
  async rememberMfa(tenantId: string, userId: string, deviceHash: string, until: Date): Promise<void> {
    await forTenant(this.collection, tenantId).updateOne(
      { _id: `${userId}/${deviceHash}` },
      { $set: { mfaRememberedUntil: until } },
    );
  }

  /** Every browser of the user asks for the second factor again (credentials revoked, or the user asked). */
  async forgetMfaRemembered(tenantId: string, userId: string): Promise<void> {
    // The scoped collection has no updateMany; the tenant clause is written out instead.
    await this.collection.updateMany(
      { tenantId, userId, mfaRememberedUntil: { $exists: true } },
      { $unset: { mfaRememberedUntil: '' } },
    );
  }

  /** The device was used again: only its last use moves. */
  async touch(tenantId: string, userId: string, deviceHash: string, now: Date): Promise<void> {
    await forTenant(this.collection, tenantId).updateOne(
      { _id: `${userId}/${deviceHash}` },
      { $set: { lastSeenAt: now } },
    );
  }

  /**
   * Records a device the user had not used, forgetting the oldest beyond the cap. With `announce`,
   * `idaas.user.signin.new_device.v1` goes into the user document's outbox (one single-document
   * update; the device record is written first, so a crash in between loses the notice, never
   * sends one twice for the same device).
   */
  async remember(
    tenantId: string,
    userId: string,
    device: { deviceHash: string; label: string },
    now: Date,
    announce: boolean,
  ): Promise<void> {
    const mine = forTenant(this.collection, tenantId);
    try {
      await mine.insertOne({
        _id: `${userId}/${device.deviceHash}`,
        userId,
        deviceHash: device.deviceHash,
        label: device.label,
        firstSeenAt: now,
        lastSeenAt: now,
      });
    } catch (e) {
      // Two sign-ins of one browser at once: the other recorded (and announced) it.
      if (isDuplicateKey(e)) return this.touch(tenantId, userId, device.deviceHash, now);
      throw e;
    }
    const forgotten = await mine.find(
      { userId },
      { sort: { lastSeenAt: -1 }, skip: KNOWN_DEVICES_PER_USER, projection: { _id: 1 } },
    );
    for (const old of forgotten) await mine.deleteOne({ _id: old._id });
    if (!announce) return;
    const event = UserSignInNewDeviceV1.create(
      userId,
      { userId, device: device.label, at: now.toISOString() },
      origin(this.events, tenantId, now),
    );
    // No version bump: the user did not change, the document only carries the event out.
    await forTenant(this.users, tenantId).updateOne(
      { _id: userId, state: { $ne: 'deleted' } },
      pushToOutbox(userRecords([event])),
    );
  }
}
