import type { MfaChangeActor, MfaChangeMethod } from '@idaas/events';
import { hasEnrolledSecondFactor } from '@idaas/identity';
import type { MfaChanges } from './mfa-changes';
import type { MongoKnownDevices } from './known-devices';
import type { MongoMfaEnrolments } from './mongo-mfa-enrolments';
import type { MongoWebAuthnCredentials } from './webauthn-credentials';

export interface SecondFactorRemovalDeps {
  mfa: Pick<MongoMfaEnrolments, 'mfaOf' | 'removeTotp' | 'removeRecoveryCodes'>;
  passkeys: Pick<MongoWebAuthnCredentials, 'remove' | 'removeAllOf'>;
  changes: MfaChanges;
  devices: Pick<MongoKnownDevices, 'forgetMfaRemembered'>;
}

/**
 * Taking second factors away, the one place that decides what else goes with them and which
 * `idaas.user.mfa.changed.v1` events tell of it: the admin's reset, the account page and `/me`
 * all come here, so a security tool sees the same events whoever acted.
 *
 * Each result lists the methods actually removed; a method the user did not have is neither
 * reported nor told as an event.
 */
export class SecondFactorRemoval {
  constructor(private readonly deps: SecondFactorRemovalDeps) {}

  /**
   * Everything: authenticator app, passkeys and security keys, recovery codes, and every browser
   * remembered as having passed a second factor. For a lost phone or a taken-over account, so
   * the next sign-in starts over (enrolment, where the policy requires MFA).
   */
  async reset(
    tenantId: string,
    userId: string,
    actor: MfaChangeActor,
    now: Date,
  ): Promise<MfaChangeMethod[]> {
    const [totp, passkeys, codes] = await Promise.all([
      this.deps.mfa.removeTotp(tenantId, userId),
      this.deps.passkeys.removeAllOf(tenantId, userId),
      this.deps.mfa.removeRecoveryCodes(tenantId, userId),
      this.deps.devices.forgetMfaRemembered(tenantId, userId),
    ]);
    const removed: MfaChangeMethod[] = [
      ...(totp ? (['totp'] as const) : []),
      ...(passkeys > 0 ? (['webauthn'] as const) : []),
      ...(codes ? (['recovery_code'] as const) : []),
    ];
    await this.tell(tenantId, userId, removed, actor, now);
    return removed;
  }

  /** The authenticator app; recovery codes go too when no passkey is left for them to back up. */
  async removeAuthenticatorApp(
    tenantId: string,
    userId: string,
    actor: MfaChangeActor,
    now: Date,
  ): Promise<MfaChangeMethod[]> {
    if (!(await this.deps.mfa.removeTotp(tenantId, userId))) return [];
    return this.removedWithOrphans(tenantId, userId, 'totp', actor, now);
  }

  /** One passkey; recovery codes go too when it was the last second factor. */
  async removePasskey(
    tenantId: string,
    userId: string,
    credentialId: string,
    actor: MfaChangeActor,
    now: Date,
  ): Promise<MfaChangeMethod[]> {
    if (!(await this.deps.passkeys.remove(tenantId, userId, credentialId))) return [];
    return this.removedWithOrphans(tenantId, userId, 'webauthn', actor, now);
  }

  /**
   * Every passkey and security key, the authenticator app kept (an admin's answer to lost keys);
   * recovery codes go too when no authenticator app is left for them to back up.
   */
  async removeAllPasskeys(
    tenantId: string,
    userId: string,
    actor: MfaChangeActor,
    now: Date,
  ): Promise<MfaChangeMethod[]> {
    if ((await this.deps.passkeys.removeAllOf(tenantId, userId)) === 0) return [];
    return this.removedWithOrphans(tenantId, userId, 'webauthn', actor, now);
  }

  /**
   * After `method` went: recovery codes stand in for a second factor the user lost; with none
   * left they would be a second factor of their own, one nobody chose, so they are dropped. The
   * user's second factors are read after the removal, so a concurrent change is seen.
   */
  private async removedWithOrphans(
    tenantId: string,
    userId: string,
    method: 'totp' | 'webauthn',
    actor: MfaChangeActor,
    now: Date,
  ): Promise<MfaChangeMethod[]> {
    const removed: MfaChangeMethod[] = [method];
    if (
      !hasEnrolledSecondFactor(await this.deps.mfa.mfaOf(tenantId, userId)) &&
      (await this.deps.mfa.removeRecoveryCodes(tenantId, userId))
    )
      removed.push('recovery_code');
    await this.tell(tenantId, userId, removed, actor, now);
    return removed;
  }

  private async tell(
    tenantId: string,
    userId: string,
    removed: readonly MfaChangeMethod[],
    actor: MfaChangeActor,
    now: Date,
  ): Promise<void> {
    // One after another: each is a push onto the same user document's outbox, in this order.
    for (const method of removed)
      await this.deps.changes.record(tenantId, userId, { method, change: 'removed', actor }, now);
  }
}
