import type { Policy } from '@idaas/events';
import { passwordViolations, type RuleViolation } from '@idaas/identity';

// The password rules are shared with recovery and password change (libs/identity).
export { passwordViolations, type RuleViolation };

/** The domain after the last `@`, lower-cased. */
export function emailDomain(email: string): string {
  return email
    .slice(email.lastIndexOf('@') + 1)
    .trim()
    .toLowerCase();
}

/** An empty allow-list admits every domain; otherwise the domain must be listed exactly. */
export function emailDomainViolations(email: string, rules: Policy['signUp']): RuleViolation[] {
  const allowed = rules.allowedEmailDomains.map((d) => d.toLowerCase());
  if (allowed.length === 0 || allowed.includes(emailDomain(email))) return [];
  return [{ field: 'email', message: 'this email domain may not sign up here' }];
}

/** Everything wrong with a sign-up, so the form can show all of it at once. */
export function signUpViolations(
  input: { email: string; password: string },
  policy: Pick<Policy, 'signUp' | 'password'>,
): RuleViolation[] {
  return [
    ...emailDomainViolations(input.email, policy.signUp),
    ...passwordViolations(input.password, policy.password),
  ];
}
