import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { argon2PasswordHasher, hashPassword, totpAt, totpStep } from '@idaas/crypto';
import { identityDatabaseName, MongoMfaEnrolments, MongoUserDirectory } from '@idaas/user-store';
import { until } from '../stack-env';
import { LOGIN_PASSWORD, LOGIN_REDIRECT_URI, startTokenStack, type TokenStack } from '../tokens/token-stack';
import { nextStepAfterPassword, passwordSignIn, type SignInTarget } from './sign-in';
import { TotpUserPool } from './totp-user-pool';

/** The tenant's default lockout: enrolment confirms with a right code, so it never counts. */
const LOCKOUT = { maxAttempts: 5, durationSeconds: 900 };
const ENROLMENT_CONCURRENCY = 8;
/** RFC 6238's time step, which `@idaas/crypto` uses. */
export const TOTP_STEP_SECONDS = 30;

export interface MfaStack {
  stack: TokenStack;
  /** An application whose policy says MFA off: variant 1. */
  passwordOnly: SignInTarget;
  /** An application whose policy says MFA required (TOTP or a recovery code): variant 2. */
  withTotp: SignInTarget;
  pool: TotpUserPool;
  /** Creates users with a password and TOTP enrolled until the pool holds `total`. */
  growPool(total: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The token bench's stack (management plane in process, the authentication service as a child
 * process) with two applications of one tenant, told apart only by their MFA policy override,
 * and users enrolled in TOTP whose secrets the bench keeps. The service gets a key-encryption
 * key the bench knows, so the enrolments the bench writes are ones the service can unseal.
 */
export async function startMfaStack(log: (m: string) => void): Promise<MfaStack> {
  const kek = randomBytes(32);
  const stack = await startTokenStack(0, log, {
    authenticationEnv: { KEY_ENCRYPTION_KEY: kek.toString('base64') },
  });
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  try {
    await mongo.connect();
    const overrides = async (clientId: string, mfa: Record<string, unknown>) => {
      const path = `/admin/tenants/${stack.tenantId}/applications/${clientId}/policy-overrides`;
      const res = await stack.admin(path, { mfa }, 'PUT');
      if (res.status !== 200) throw new Error(`policy overrides of ${clientId} answered ${res.status}`);
    };
    const created = await stack.admin<{ clientId: string }>(`/admin/tenants/${stack.tenantId}/applications`, {
      name: 'bench-mfa-portal',
      kind: 'web',
      redirectUris: [LOGIN_REDIRECT_URI],
      accessTokenSigningAlg: 'ES256',
    });
    if (created.status !== 201) throw new Error(`creating the MFA application answered ${created.status}`);
    // The tenant's default mode is optional, which asks enrolled users for a code: say off.
    await overrides(stack.portal.clientId, { mode: 'off' });
    await overrides(created.body.clientId, { mode: 'required', methods: ['totp', 'recovery_code'] });
    const passwordOnly = { issuer: stack.issuer, clientId: stack.portal.clientId };
    const withTotp = { issuer: stack.issuer, clientId: created.body.clientId };

    // Every user shares one hash of the bench password: the service still verifies it each time.
    const passwordHash = await hashPassword(LOGIN_PASSWORD);
    const db = mongo.db(identityDatabaseName(stack.region));
    const source = `/idaas/${stack.region}/bench`;
    const directory = new MongoUserDirectory(db, {
      region: stack.region,
      source,
      hasher: { hash: () => Promise.resolve(passwordHash), verify: argon2PasswordHasher.verify },
    });
    const enrolments = new MongoMfaEnrolments(db, { region: stack.region, source, kek });
    const pool = new TotpUserPool();
    let next = 0;
    const enrolOne = async () => {
      const email = `mfa${next++}@bench.example`;
      const now = new Date();
      const { userId } = await directory.create(stack.tenantId, {
        email,
        password: LOGIN_PASSWORD,
        state: 'active',
        emailVerified: true,
      });
      const secret = await enrolments.beginTotp(stack.tenantId, userId, now);
      // Confirmed with the previous step's code (inside the one-step drift window), so the
      // current step is still unused and the user can sign in at once.
      const previous = new Date(now.getTime() - TOTP_STEP_SECONDS * 1000);
      const confirmed = await enrolments.confirmTotp(
        stack.tenantId,
        userId,
        totpAt(secret, previous),
        LOCKOUT,
        now,
      );
      if (confirmed.outcome !== 'verified')
        throw new Error(`enrolling ${email} in TOTP: ${confirmed.outcome}`);
      pool.add({ email, secret, lastStep: totpStep(previous) });
    };
    const growPool = async (total: number) => {
      const missing = total - pool.total;
      if (missing <= 0) return;
      log(`enrolling ${missing} more users in TOTP (${total} in all)`);
      let left = missing;
      await Promise.all(
        Array.from({ length: Math.min(ENROLMENT_CONCURRENCY, missing) }, async () => {
          while (left > 0) {
            left -= 1;
            await enrolOne();
          }
        }),
      );
    };

    // The overrides reach the region through the broker: wait until each application behaves
    // as its override says and the tenant's default (optional) would not. Optional asks an
    // enrolled user for a code; required sends a user without a second factor to enrolment.
    await growPool(1);
    const enrolled = pool.take(Number.MAX_SAFE_INTEGER)!;
    pool.give(enrolled);
    const notEnrolled = 'not-enrolled@bench.example';
    await directory.create(stack.tenantId, {
      email: notEnrolled,
      password: LOGIN_PASSWORD,
      state: 'active',
      emailVerified: true,
    });
    await until('MFA off for the password application in the region', () =>
      passwordSignIn(passwordOnly, enrolled.email).then(() => true),
    );
    await until('MFA required for the TOTP application in the region', () =>
      nextStepAfterPassword(withTotp, notEnrolled, '/login/mfa/enrol').then(() => true),
    );
    return {
      stack,
      passwordOnly,
      withTotp,
      pool,
      growPool,
      async close() {
        await mongo.close();
        await stack.close();
      },
    };
  } catch (e) {
    await mongo.close();
    await stack.close();
    throw e;
  }
}
