import { randomBytes } from 'node:crypto';
import { base32Encode } from './totp';
import { hashSecret } from './secrets';

export const RECOVERY_CODE_COUNT = 10;

/**
 * Recovery codes: 10 random codes of 60 bits each, written `xxxxx-xxxxx-xx` so people can copy
 * them by hand. At 60 bits and with verification attempts rate-limited, a fast hash is enough
 * to store them (there is no dictionary to attack, unlike passwords).
 */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const raw = base32Encode(randomBytes(8)).slice(0, 12).toLowerCase();
    return `${raw.slice(0, 5)}-${raw.slice(5, 10)}-${raw.slice(10)}`;
  });
}

/** What a typed code is compared as: case, spaces and dashes do not matter. */
export function normalizeRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}

export function hashRecoveryCode(code: string): string {
  return hashSecret(normalizeRecoveryCode(code));
}
