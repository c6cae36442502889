import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/**
 * argon2id with the OWASP Password Storage Cheat Sheet's first configuration: 19 MiB of memory,
 * two passes, one lane. Exported as data so the README and the benchmark print what is really used.
 * https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id
 */
export const PASSWORD_HASH_PARAMETERS = {
  algorithm: 'argon2id',
  memoryKiB: 19456,
  iterations: 2,
  parallelism: 1,
} as const;

// The package's Algorithm is an ambient const enum, which isolated modules cannot read; 2 is argon2id.
const ARGON2ID = 2 as Algorithm;

const options: Options = {
  algorithm: ARGON2ID,
  memoryCost: PASSWORD_HASH_PARAMETERS.memoryKiB,
  timeCost: PASSWORD_HASH_PARAMETERS.iterations,
  parallelism: PASSWORD_HASH_PARAMETERS.parallelism,
};

/** A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) with a fresh random salt. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

let dummyHash: Promise<string> | undefined;

/**
 * Made once per process with the same parameters as real hashes, from a random password nobody
 * knows, so checking against it costs exactly what checking a real user's hash costs.
 */
function dummy(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  return dummyHash;
}

/**
 * True when `password` matches `passwordHash`. Without a hash (unknown user, user without a
 * password) it still runs a full verification against the dummy hash and answers false: the
 * response time must not tell an attacker which emails have accounts.
 */
export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (passwordHash === undefined) {
    await verify(await dummy(), password);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed check, not a crash of the sign-in.
    return false;
  }
}

/** The two operations above as one object, the shape of the `PasswordHasher` port in libs/identity. */
export const argon2PasswordHasher = { hash: hashPassword, verify: verifyPassword };
