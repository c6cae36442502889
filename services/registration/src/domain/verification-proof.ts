import type { UserState } from '@idaas/identity';

/**
 * What a redeemed verification proves about its user now:
 * - `sign_up`: the user is still waiting for the sign-up's verification (`verifyEmail`);
 * - `address`: the user's current address, after the fact (changed, imported, never verified);
 * - `address_changed`: the email went to an address the account no longer has;
 * - `nothing`: no such user, or a verification from before addresses were recorded that cannot
 *   say which address it proves.
 */
export type VerificationProof = 'sign_up' | 'address' | 'address_changed' | 'nothing';

export function proofOf(
  sentTo: string | undefined,
  user: { state: UserState; addressHash: string } | undefined,
): VerificationProof {
  if (!user) return 'nothing';
  if (sentTo !== undefined && sentTo !== user.addressHash) return 'address_changed';
  if (user.state === 'pending_verification') return 'sign_up';
  return sentTo === undefined ? 'nothing' : 'address';
}
