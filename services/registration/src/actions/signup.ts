import { z } from 'zod';
import { defineRoute, HttpError, Problems, type AnyRoute } from '@idaas/http';
import { DuplicateEmailError, type User } from '@idaas/identity';
import type { TenantView } from '@idaas/replica';
import { tenantUrl, type RegistrationDeps } from '../deps';
import { signUpViolations } from '../domain/sign-up-rules';
import { messageRequest } from '../message-request';
import { addressHash, VERIFICATION_LIFETIME_SECONDS } from '../store/verification-store';
import { homeTenant, tenantParams } from './tenant-step';

const profileFields = {
  name: z.string().trim().min(1).max(200).optional(),
  givenName: z.string().trim().min(1).max(100).optional(),
  familyName: z.string().trim().min(1).max(100).optional(),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 tag such as de-CH')
    .optional(),
};

export const signUpBody = z.object({
  email: z.string().trim().email().max(254),
  password: z.string().min(1).max(1024),
  ...profileFields,
  /** The application the user signs up for: its policy group may differ from the tenant's. */
  clientId: z.string().max(100).optional(),
  /** The login flow the user came from, to land signed in at the application after verifying. */
  flow: z.string().uuid().optional(),
});

export type SignUpInput = z.output<typeof signUpBody>;

/** What every sign-up with verification answers, whether the address was new or not. */
const CHECK_YOUR_EMAIL = {
  status: 'verification_sent' as const,
  detail: 'If the address can be used, an email with a verification link and code is on its way.',
};

/**
 * Sends the verification (link and code) to the user's current address: the sign-up's for a user
 * who is `pending_verification`, or a later proof of the address for an active one.
 */
export async function sendVerification(
  deps: RegistrationDeps,
  tenant: TenantView,
  user: User,
  loginFlowId: string | undefined,
  now: Date,
): Promise<void> {
  await deps.verifications.issue(
    {
      tenantId: tenant.tenantId,
      userId: user.userId,
      emailHash: addressHash(user.email),
      ...(loginFlowId ? { loginFlowId } : {}),
    },
    ({ token, code }) =>
      messageRequest(
        deps.messages,
        {
          tenantId: tenant.tenantId,
          userId: user.userId,
          kind: 'verification',
          ...(user.profile.locale ? { locale: user.profile.locale } : {}),
          secrets: {
            link: `${tenantUrl(deps, tenant)}/verify?token=${token}`,
            code,
            expiresInMinutes: String(VERIFICATION_LIFETIME_SECONDS / 60),
          },
        },
        now,
      ),
    now,
  );
  deps.eventsWritten();
}

/**
 * Sign-up under the tenant policy. With verification on, the answer is the same whether the
 * address is new or not; the owner of an existing account gets a notice instead of a code.
 * https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#account-creation
 */
export async function signUp(
  deps: RegistrationDeps,
  tenant: TenantView,
  input: SignUpInput,
): Promise<{ status: 'verification_sent'; detail: string } | { status: 'active'; userId: string }> {
  const policy = deps.policies.effectiveFor(tenant.tenantId, input.clientId ?? '').policy;
  if (!policy.signUp.enabled)
    throw new HttpError(
      403,
      'signup_disabled',
      'Sign-up is disabled for this tenant; ask an admin for an invitation.',
    );
  const violations = signUpViolations(input, policy);
  if (violations.length > 0)
    throw Problems.validation(violations.map((v) => ({ ...v, field: `body.${v.field}` })));
  const now = deps.clock();
  const verify = policy.signUp.emailVerification;
  const { name, givenName, familyName, locale } = input;
  const profile = Object.fromEntries(
    Object.entries({ name, givenName, familyName, locale }).filter(([, v]) => v !== undefined),
  );
  let user: User;
  try {
    user = await deps.users.create(
      tenant.tenantId,
      {
        email: input.email,
        password: input.password,
        profile,
        state: verify ? 'pending_verification' : 'active',
        emailVerified: false,
        via: 'self_signup',
      },
      now,
    );
  } catch (e) {
    if (!(e instanceof DuplicateEmailError)) throw e;
    // Without verification the account would be usable at once, so nothing hides that it exists.
    if (!verify) throw Problems.conflict('This email address already has an account.');
    await noticeToOwner(deps, tenant, input.email, now);
    return CHECK_YOUR_EMAIL;
  }
  deps.eventsWritten();
  if (!verify) return { status: 'active', userId: user.userId };
  // A new address always gets its first email; taking a send here starts its count, so a resend
  // right after the sign-up waits its minute like any other.
  await deps.sends.take(tenant.tenantId, user.email, now);
  await sendVerification(deps, tenant, user, input.flow, now);
  return CHECK_YOUR_EMAIL;
}

/**
 * The owner of the address hears that someone tried, under the same per-address limit as the
 * verification emails: repeated sign-ups must not flood an owner's inbox. A refused send still gets
 * the usual answer, since a 429 here only for existing addresses would reveal them.
 */
async function noticeToOwner(deps: RegistrationDeps, tenant: TenantView, email: string, now: Date) {
  const owner = await deps.users.findByEmail(tenant.tenantId, email);
  if (!owner) return;
  if (!(await deps.sends.take(tenant.tenantId, owner.email, now)).allowed) return;
  const kind = 'signup_existing';
  await deps.notices.record(
    { tenantId: tenant.tenantId, userId: owner.userId, kind },
    messageRequest(
      deps.messages,
      {
        tenantId: tenant.tenantId,
        userId: owner.userId,
        kind,
        ...(owner.profile.locale ? { locale: owner.profile.locale } : {}),
        secrets: {},
      },
      now,
    ),
    now,
  );
  deps.eventsWritten();
}

export const signUpRoutes = (deps: RegistrationDeps): AnyRoute[] => [
  defineRoute({
    method: 'post',
    path: '/t/:tenant/api/signup',
    operationId: 'signUp',
    summary: 'Self sign-up with email and password, under the tenant policy',
    tags: ['registration'],
    params: tenantParams,
    body: signUpBody,
    responses: {
      202: {
        description: 'Check your email (the same answer whether or not the address had an account)',
        schema: z.object({ status: z.literal('verification_sent'), detail: z.string() }),
      },
      201: {
        description: 'The policy needs no verification: the user is active',
        schema: z.object({ status: z.literal('active'), userId: z.string() }),
      },
      400: { description: 'The email domain or the password breaks the policy (errors[].field)' },
      403: { description: 'Sign-up is disabled for this tenant' },
      404: { description: 'No such tenant in this region' },
      409: { description: 'Only without verification: the address has an account' },
    },
    handler: async ({ params, body }) => {
      const tenant = homeTenant(deps, deps.tenants.findBySlug(params.tenant));
      const result = await signUp(deps, tenant, body);
      return { status: result.status === 'active' ? 201 : 202, body: result };
    },
  }),
];
