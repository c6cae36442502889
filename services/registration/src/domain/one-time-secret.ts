import { generateSecret, hashSecret, numericCode } from '@idaas/crypto';

/**
 * What a user proves possession of: a 256-bit token for the link and, for verification, a six-digit
 * code to type. Only hashes are stored; the clear values go sealed into the message request and
 * nowhere else.
 */
export interface OneTimeSecret {
  token: string;
  tokenHash: string;
  code?: string;
}

export function newOneTimeSecret(withCode: boolean): OneTimeSecret {
  const token = generateSecret(32);
  return { token, tokenHash: hashSecret(token), ...(withCode ? { code: numericCode(6) } : {}) };
}

/**
 * A six-digit code has too little entropy for a plain hash to hide it, so the hash is bound to its
 * record (no table works across records), and online guesses are capped per record.
 */
export const codeHashFor = (recordId: string, code: string) => hashSecret(`${recordId}:${code}`);
