import { argon2PasswordHasher, hashPassword, PASSWORD_HASH_PARAMETERS, verifyPassword } from './password';

describe('password hashing', () => {
  it('produces an argon2id PHC string with the OWASP parameters', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(PASSWORD_HASH_PARAMETERS).toEqual({
      algorithm: 'argon2id',
      memoryKiB: 19456,
      iterations: 2,
      parallelism: 1,
    });
  });

  it('salts every hash, and verifies the right password only', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).not.toBe(b);
    await expect(verifyPassword(a, 'correct horse battery staple')).resolves.toBe(true);
    await expect(verifyPassword(a, 'Correct horse battery staple')).resolves.toBe(false);
  });

  it('answers false for an unknown user after a full dummy verification', async () => {
    await expect(verifyPassword(undefined, 'anything')).resolves.toBe(false);
    await expect(argon2PasswordHasher.verify(undefined, '')).resolves.toBe(false);
  });

  it('treats a malformed stored hash as a failed check', async () => {
    await expect(verifyPassword('not-a-hash', 'anything')).resolves.toBe(false);
  });
});
