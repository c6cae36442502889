import type { Collection, Db } from 'mongodb';
import { generateSecret, hashSecret } from '@idaas/crypto';
import type { IndexDeclaration } from '@idaas/store';
import {
  awaitsUser,
  DEVICE_CODE_LIFETIME_SECONDS,
  DEVICE_POLL_INTERVAL_SECONDS,
  pollOutcome,
  type DeviceApproval,
  type DeviceAuthorization,
  type PollOutcome,
} from '../domain/device-authorization';
import { newUserCode, normalizeUserCode } from '../domain/user-code';

export const DEVICE_AUTHORIZATIONS = 'device_authorizations';

export const deviceAuthorizationIndexes: IndexDeclaration[] = [
  { collection: DEVICE_AUTHORIZATIONS, keys: { tenantId: 1, userCodeHash: 1 } },
  { collection: DEVICE_AUTHORIZATIONS, keys: { expiresAt: 1 } },
];

type DeviceAuthorizationDocument = Omit<DeviceAuthorization, 'id'> & {
  /** Hash of the device code. */
  _id: string;
  /** Hash of the user code, normalised: what the verification page looks up. */
  userCodeHash: string;
};

/** What the device gets back from the device authorization endpoint, its codes in the clear once. */
export interface StartedDeviceAuthorization {
  deviceCode: string;
  userCode: string;
  expiresIn: number;
  interval: number;
}

const toAuthorization = ({
  _id,
  userCodeHash: _,
  ...rest
}: DeviceAuthorizationDocument): DeviceAuthorization => ({
  id: _id,
  ...rest,
});

/**
 * Device authorization requests (RFC 8628) of this region, short-lived, bound to the tenant and
 * the client that asked. Only hashes of the device and user codes are kept.
 */
export class DeviceAuthorizations {
  private readonly collection: Collection<DeviceAuthorizationDocument>;

  constructor(db: Db) {
    this.collection = db.collection<DeviceAuthorizationDocument>(DEVICE_AUTHORIZATIONS);
  }

  async start(
    tenantId: string,
    clientId: string,
    scope: string[],
    now: Date,
  ): Promise<StartedDeviceAuthorization> {
    // RFC 8628 section 5.2 asks for a device code that cannot be guessed: 32 random bytes.
    const deviceCode = generateSecret(32);
    const userCode = newUserCode();
    await this.collection.insertOne({
      _id: hashSecret(deviceCode),
      userCodeHash: hashSecret(userCode),
      tenantId,
      clientId,
      scope,
      status: 'pending',
      intervalSeconds: DEVICE_POLL_INTERVAL_SECONDS,
      expiresAt: new Date(now.getTime() + DEVICE_CODE_LIFETIME_SECONDS * 1000),
    });
    return {
      deviceCode,
      userCode,
      expiresIn: DEVICE_CODE_LIFETIME_SECONDS,
      interval: DEVICE_POLL_INTERVAL_SECONDS,
    };
  }

  /**
   * The request a typed user code names in this tenant, while the user may still decide it:
   * undefined for a malformed, unknown, expired or already decided code. Nothing is changed.
   */
  async findByUserCode(tenantId: string, typed: string, now: Date): Promise<DeviceAuthorization | undefined> {
    const code = normalizeUserCode(typed);
    if (!code) return undefined;
    const doc = await this.collection.findOne({
      tenantId,
      userCodeHash: hashSecret(code),
      status: 'pending',
    });
    const found = doc ? toAuthorization(doc) : undefined;
    return found && awaitsUser(found, now) ? found : undefined;
  }

  /** The request a login flow carries, while the user may still decide it. */
  async findAwaitingUser(tenantId: string, id: string, now: Date): Promise<DeviceAuthorization | undefined> {
    const doc = await this.collection.findOne({ _id: id, tenantId, status: 'pending' });
    const found = doc ? toAuthorization(doc) : undefined;
    return found && awaitsUser(found, now) ? found : undefined;
  }

  /** The user's decision, taken once: false when it was decided already or has expired. */
  async decide(
    tenantId: string,
    id: string,
    decision: { approval: DeviceApproval } | 'denied',
    now: Date,
  ): Promise<boolean> {
    const set =
      decision === 'denied' ? { status: 'denied' as const } : { status: 'approved' as const, ...decision };
    const result = await this.collection.updateOne(
      { _id: id, tenantId, status: 'pending', expiresAt: { $gt: now } },
      { $set: set },
    );
    return result.modifiedCount === 1;
  }

  /**
   * One poll by the device: undefined when the code is unknown, or not this tenant's or client's
   * (the same `invalid_grant` as a made-up one). An approved request is redeemed in the same
   * operation, so of two polls at once only one gets the tokens.
   */
  async poll(
    tenantId: string,
    clientId: string,
    deviceCode: string,
    now: Date,
  ): Promise<PollOutcome | undefined> {
    const _id = hashSecret(deviceCode);
    const doc = await this.collection.findOne({ _id, tenantId, clientId });
    if (!doc) return undefined;
    const outcome = pollOutcome(toAuthorization(doc), now);
    if (outcome.answer === 'authorization_pending' || outcome.answer === 'slow_down') {
      await this.collection.updateOne(
        { _id, status: 'pending' },
        {
          $set: {
            lastPolledAt: outcome.polledAt,
            ...(outcome.answer === 'slow_down' ? { intervalSeconds: outcome.intervalSeconds } : {}),
          },
        },
      );
    }
    if (outcome.answer === 'approved') {
      const redeemed = await this.collection.updateOne(
        { _id, status: 'approved' },
        { $set: { status: 'redeemed' } },
      );
      if (redeemed.modifiedCount !== 1) return { answer: 'invalid_grant' };
    }
    return outcome;
  }

  /** Removes requests past their lifetime (no TTL indexes on every MongoDB-wire server). */
  async sweep(now: Date): Promise<number> {
    return (await this.collection.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  }
}
