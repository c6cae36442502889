import { policySchema } from '@idaas/events';
import { HttpError } from '@idaas/http';
import type { User, UserMfa } from '@idaas/identity';
import { requireRecentSecondFactor } from './recent-second-factor-step';

const now = new Date('2030-01-01T12:00:00Z');
const nowSeconds = Math.floor(now.getTime() / 1000);
const user = { userId: 'u1', tenantId: 't1', emailVerified: true } as User;
const totp: UserMfa = { enrolments: [{ method: 'totp', enrolledAt: new Date(0) }] };

const depsWith = (mfa: UserMfa, methods?: ('totp' | 'email_otp' | 'recovery_code')[]) => ({
  mfa: { mfaOf: async () => mfa },
  policies: {
    effectiveFor: () => ({
      policy: policySchema.parse({ mfa: { mode: 'optional', ...(methods ? { methods } : {}) } }),
      sources: {},
    }),
  },
  clock: () => now,
});

const refusal = async (deps: ReturnType<typeof depsWith>, token: Record<string, unknown>) =>
  requireRecentSecondFactor(deps, 't1', user, token).then(
    () => undefined,
    (e: unknown) => e,
  );

describe('requireRecentSecondFactor', () => {
  it('lets a token through whose sign-in used a second factor within 15 minutes', async () => {
    const token = { auth_time: nowSeconds - 600, amr: ['pwd', 'otp', 'mfa'], acr: 'urn:idaas:acr:mfa' };
    expect(await refusal(depsWith(totp), token)).toBeUndefined();
  });

  it('challenges a password-only or old sign-in of a user with TOTP, as RFC 9470 says', async () => {
    for (const token of [
      { auth_time: nowSeconds - 10, amr: ['pwd'] },
      { auth_time: nowSeconds - 901, amr: ['pwd', 'otp', 'mfa'] },
    ]) {
      const e = await refusal(depsWith(totp), token);
      expect(e).toBeInstanceOf(HttpError);
      expect((e as HttpError).status).toBe(401);
      expect((e as HttpError).options.headers?.['WWW-Authenticate']).toMatch(
        /^Bearer error="insufficient_user_authentication", .*acr_values="urn:idaas:acr:mfa", max_age="900"$/,
      );
    }
  });

  it('asks nothing of a user without a second factor they could answer', async () => {
    const token = { auth_time: nowSeconds - 10, amr: ['pwd'] };
    expect(await refusal(depsWith({ enrolments: [] }), token)).toBeUndefined();
  });

  it('counts a verified email as a second factor where the policy allows email codes', async () => {
    const token = { auth_time: nowSeconds - 10, amr: ['pwd'] };
    const emailPolicy = depsWith({ enrolments: [] }, ['totp', 'email_otp', 'recovery_code']);
    expect(await refusal(emailPolicy, token)).toBeInstanceOf(HttpError);
  });
});
