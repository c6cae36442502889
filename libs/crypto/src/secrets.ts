import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A new high-entropy secret (client secrets, webhook secrets, codes in links), URL-safe.
 * 32 bytes = 256 bits, beyond any guessing.
 */
export function generateSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Secrets we generate are random and long, so a fast hash is enough to store them: there is no
 * dictionary to attack. (Passwords, chosen by people, need a memory-hard hash instead.)
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

/** Constant-time check of a presented secret against its stored hash. */
export function verifySecret(presented: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(presented));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A numeric one-time code (email codes), uniform over its range. */
export function numericCode(digits = 6): string {
  const max = 10 ** digits;
  // Rejection sampling keeps every code equally likely (no modulo bias).
  const limit = Math.floor(0x100000000 / max) * max;
  for (;;) {
    const n = randomBytes(4).readUInt32BE(0);
    if (n < limit) return String(n % max).padStart(digits, '0');
  }
}
