import type { Policy } from '@idaas/events';
import { isCommonPassword } from './common-passwords';

/** A broken rule, named after the input it is about (the 400 problem's `errors[].field`). */
export interface RuleViolation {
  field: string;
  message: string;
}

/**
 * The password section of the tenant policy, for every place a password is chosen (sign-up,
 * invitation, recovery, change). https://pages.nist.gov/800-63-3/sp800-63b.html#memsecret
 * (length and a blocklist of common passwords; no composition rules).
 */
export function passwordViolations(
  password: string,
  rules: Policy['password'],
  field = 'password',
): RuleViolation[] {
  if (password.length < rules.minLength)
    return [{ field, message: `must be at least ${rules.minLength} characters` }];
  if (rules.blockCommon && isCommonPassword(password))
    return [{ field, message: 'is one of the most common passwords; choose another' }];
  return [];
}
