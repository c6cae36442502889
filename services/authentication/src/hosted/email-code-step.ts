import type { LockoutPolicy, MfaDecision, MfaMethod } from '@idaas/identity';
import { messageRequest } from '@idaas/user-store';
import { EMAIL_CODE_LIFETIME_SECONDS } from '../domain/email-code';
import { maskEmail, type EmailCodeOffer } from '../pages/email-code-section';
import type { EmailCodeSent } from '../store/email-code-store';
import type { HostedDeps } from './deps';
import type { RunningFlow } from './flow-step';

/**
 * The methods of the second-factor page in the order shown, and what it offers by email. First
 * comes the method just used, then email once a code was sent, then the user's preferred method.
 */
export async function verifyChoices(
  deps: HostedDeps,
  running: RunningFlow,
  decision: Pick<MfaDecision, 'readyMethods' | 'preferredMethod'>,
  open?: MfaMethod,
): Promise<{ methods: MfaMethod[]; email?: EmailCodeOffer }> {
  const { tenant, flow } = running;
  const ready = decision.readyMethods;
  const userId = flow.userId ?? '';
  const byEmail = ready.includes('email_otp');
  const sent = byEmail && (await deps.emailCodes.sent(tenant.tenantId, flow.id, userId));
  const first = open ?? (sent ? 'email_otp' : decision.preferredMethod);
  const methods = first && ready.includes(first) ? [first, ...ready.filter((m) => m !== first)] : [...ready];
  if (!byEmail) return { methods };
  const user = await deps.users.findById(tenant.tenantId, userId);
  return {
    methods,
    email: {
      sendAction: `${deps.issuerOf(tenant)}/login/mfa/email?flow=${flow.id}`,
      maskedEmail: maskEmail(user?.email ?? ''),
      lifetimeMinutes: EMAIL_CODE_LIFETIME_SECONDS / 60,
      sent,
    },
  };
}

/**
 * Emails a new code for this sign-in through the region's notification service: the message
 * request, with the code sealed under MESSAGE_SEALING_KEY, is written with the code's hash.
 */
export async function sendEmailCode(
  deps: HostedDeps,
  running: RunningFlow,
  userId: string,
): Promise<EmailCodeSent> {
  const { tenant, flow } = running;
  const user = await deps.users.findById(tenant.tenantId, userId);
  const locale = user?.profile.locale ?? flow.request.uiLocales[0];
  const now = deps.clock();
  return deps.emailCodes.send(
    { tenantId: tenant.tenantId, flowId: flow.id, userId },
    (code) =>
      messageRequest(
        deps.messages,
        {
          tenantId: tenant.tenantId,
          userId,
          kind: 'mfa_code',
          ...(locale ? { locale } : {}),
          secrets: { code, expiresInMinutes: String(EMAIL_CODE_LIFETIME_SECONDS / 60) },
        },
        now,
      ),
    now,
  );
}

/** Checks an emailed code under the user's second-factor reservation: wrong codes lock like TOTP codes. */
export async function verifyEmailCode(
  deps: HostedDeps,
  running: RunningFlow,
  userId: string,
  code: string,
  lockout: LockoutPolicy,
): Promise<'verified' | 'wrong' | 'locked'> {
  const { tenant, flow } = running;
  const now = deps.clock();
  return deps.mfa.verifyElsewhere(
    tenant.tenantId,
    userId,
    () => deps.emailCodes.redeem(tenant.tenantId, flow.id, userId, code, now),
    lockout,
    now,
  );
}
