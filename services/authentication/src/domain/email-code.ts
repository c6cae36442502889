import { hashSecret, numericCode } from '@idaas/crypto';

/** How long an emailed sign-in code stays good. */
export const EMAIL_CODE_LIFETIME_SECONDS = 10 * 60;
/** Seconds between two emails of one sign-in: a double click sends one code, not two. */
export const EMAIL_CODE_RESEND_SECONDS = 30;
/** Emails one sign-in may send; then the user starts the sign-in again (and types the password). */
export const EMAIL_CODES_PER_SIGN_IN = 5;

/** The code last emailed for one login flow: only its hash, with when it was sent and used. */
export interface EmailCodeState {
  flowId: string;
  /** How many codes this sign-in sent; the latest one's number, part of its hash. */
  sends: number;
  codeHash: string;
  lastSentAt: Date;
  expiresAt: Date;
  usedAt?: Date;
}

/**
 * Six digits have too little entropy for a plain hash to hide them, so the hash is bound to the
 * flow and to the send: a table of hashes works for no other record, and a resent code replaces
 * the previous one (the older email stops working).
 */
export const emailCodeHash = (flowId: string, sends: number, code: string): string =>
  hashSecret(`mfa-email:${flowId}:${sends}:${code}`);

/** The next code of a flow and the state that remembers it. */
export function nextEmailCode(
  previous: EmailCodeState | undefined,
  flowId: string,
  now: Date,
): { code: string; state: EmailCodeState } {
  const code = numericCode(6);
  const sends = (previous?.sends ?? 0) + 1;
  return {
    code,
    state: {
      flowId,
      sends,
      codeHash: emailCodeHash(flowId, sends, code),
      lastSentAt: now,
      expiresAt: new Date(now.getTime() + EMAIL_CODE_LIFETIME_SECONDS * 1000),
    },
  };
}

/** Seconds until another code may be sent for this flow; 0 when it may go now, undefined never again. */
export function secondsUntilResend(previous: EmailCodeState | undefined, now: Date): number | undefined {
  if (!previous) return 0;
  if (previous.sends >= EMAIL_CODES_PER_SIGN_IN) return undefined;
  const wait = previous.lastSentAt.getTime() + EMAIL_CODE_RESEND_SECONDS * 1000 - now.getTime();
  return wait > 0 ? Math.ceil(wait / 1000) : 0;
}

/** Whether `code` is the flow's latest code, unused and not expired. */
export function emailCodeMatches(state: EmailCodeState | undefined, code: string, now: Date): boolean {
  if (!state || state.usedAt || state.expiresAt.getTime() <= now.getTime()) return false;
  return emailCodeHash(state.flowId, state.sends, code.trim()) === state.codeHash;
}
