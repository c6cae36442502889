import type { Policy } from '@idaas/events';
import { passwordViolations, type RuleViolation, type User, type UserState } from '@idaas/identity';
import { messageRequest, type MessageRequestSource, type MongoUserDirectory } from '@idaas/user-store';
import type { RecoveryLimiter, RecoveryPermit } from './recovery-limiter';
import { RECOVERY_LIFETIME_SECONDS, type RecoveryStore } from './recovery-store';

/**
 * Who may recover a password by email. Locked and forced-reset users are the point of it; users
 * still pending, disabled or suspended get no email (an admin decides about them), and the answer
 * to the request is the same either way.
 */
const RECOVERABLE: ReadonlySet<UserState> = new Set(['active', 'locked', 'password_reset_required']);

/** What proves the request came from the mailbox: the link's token, or the address and the code. */
export type RecoveryProof = { token: string } | { email: string; code: string };

/** The proof was unknown, expired, used, or wrong; `field` is the input to blame. */
export class InvalidRecoveryProofError extends Error {
  constructor(readonly field: string) {
    super('the recovery link or code is not valid (unknown, expired or used)');
    this.name = 'InvalidRecoveryProofError';
  }
}

export class PasswordRejectedError extends Error {
  constructor(readonly violations: RuleViolation[]) {
    super(violations.map((v) => `${v.field}: ${v.message}`).join('; '));
    this.name = 'PasswordRejectedError';
  }
}

export interface PasswordRecoveryDeps {
  users: Pick<MongoUserDirectory, 'findByEmail' | 'changePassword'>;
  recoveries: RecoveryStore;
  limiter: RecoveryLimiter;
  messages: MessageRequestSource;
  /** Where the emailed link points: `{base}/t/{slug}/recovery/complete?token=...`. */
  publicBaseUrl: () => string;
  clock: () => Date;
}

export interface RecoveryTenant {
  tenantId: string;
  slug: string;
}

/** Forgot password: request an email with a link and a code, then set a new password with either. */
export class PasswordRecovery {
  constructor(private readonly deps: PasswordRecoveryDeps) {}

  /**
   * Sends the recovery email when the address has an account that may recover. The permit is
   * taken first and for every address, so neither the answer nor the limit reveals an account.
   */
  async request(tenant: RecoveryTenant, email: string): Promise<RecoveryPermit> {
    const now = this.deps.clock();
    const permit = await this.deps.limiter.take(tenant.tenantId, email, now);
    if (!permit.allowed) return permit;
    const user = await this.deps.users.findByEmail(tenant.tenantId, email);
    if (user && RECOVERABLE.has(user.state)) await this.send(tenant, user, now);
    return permit;
  }

  /**
   * Sets the new password and uses up the proof. The policy is checked before the proof is
   * spent, so a rejected password leaves the link working. The directory completes a forced
   * reset or lifts a lock, and revokes the old sessions and refresh tokens in the same write.
   */
  async complete(
    tenant: RecoveryTenant,
    proof: RecoveryProof,
    password: string,
    rules: Policy['password'],
  ): Promise<User> {
    const violations = passwordViolations(password, rules);
    if (violations.length > 0) throw new PasswordRejectedError(violations);
    const now = this.deps.clock();
    const used = await this.redeem(tenant.tenantId, proof, now);
    if (!used) throw new InvalidRecoveryProofError('token' in proof ? 'token' : 'code');
    return this.deps.users.changePassword(
      tenant.tenantId,
      used.userId,
      password,
      { reason: 'password_recovered' },
      now,
    );
  }

  /** Whether a link token is good, to show the form or say at once that it is not. */
  async linkIsValid(tenant: RecoveryTenant, token: string): Promise<boolean> {
    return (await this.deps.recoveries.peekToken(tenant.tenantId, token, this.deps.clock())) !== undefined;
  }

  private async redeem(tenantId: string, proof: RecoveryProof, now: Date) {
    if ('token' in proof) return this.deps.recoveries.redeemToken(tenantId, proof.token, now);
    const user = await this.deps.users.findByEmail(tenantId, proof.email);
    return user ? this.deps.recoveries.redeemCode(tenantId, user.userId, proof.code, now) : undefined;
  }

  private async send(tenant: RecoveryTenant, user: User, now: Date): Promise<void> {
    await this.deps.recoveries.issue(
      { tenantId: tenant.tenantId, userId: user.userId },
      ({ token, code }) =>
        messageRequest(
          this.deps.messages,
          {
            tenantId: tenant.tenantId,
            userId: user.userId,
            kind: 'recovery',
            ...(user.profile.locale ? { locale: user.profile.locale } : {}),
            secrets: {
              link: `${this.deps.publicBaseUrl()}/t/${tenant.slug}/recovery/complete?token=${token}`,
              code,
              expiresInMinutes: String(RECOVERY_LIFETIME_SECONDS / 60),
            },
          },
          now,
        ),
      now,
    );
  }
}
