import type { Policy } from '@idaas/events';
import { isCommonPassword } from './common-passwords';

/** A broken rule, named after the input it is about (the 400 problem's `errors[].field`). */
export interface RuleViolation {
  field: string;
  message: string;
}

/**
 * The password section of the tenant policy. https://pages.nist.gov/800-63-3/sp800-63b.html#memsecret
 * (length and a blocklist of common passwords; no composition rules).
 */
export function passwordViolations(password: string, rules: Policy['password']): RuleViolation[] {
  if (password.length < rules.minLength)
    return [{ field: 'password', message: `must be at least ${rules.minLength} characters` }];
  if (rules.blockCommon && isCommonPassword(password))
    return [{ field: 'password', message: 'is one of the most common passwords; choose another' }];
  return [];
}

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
