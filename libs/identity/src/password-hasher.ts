/**
 * The port through which the directory hashes and checks passwords (argon2id in libs/crypto).
 * A port, so tests can count verifications and the domain needs no native module.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * True when the password matches. Given no hash, it must still spend a full verification and
   * answer false, so an unknown user costs as much time as a known one.
   */
  verify(passwordHash: string | undefined, password: string): Promise<boolean>;
}
