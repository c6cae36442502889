import { generateSecret, hashSecret, numericCode, verifySecret } from './secrets';

describe('secrets', () => {
  it('generates distinct URL-safe secrets of 256 bits', () => {
    const a = generateSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateSecret()).not.toBe(a);
  });

  it('verifies a secret only against its own hash', () => {
    const secret = generateSecret();
    const stored = hashSecret(secret);
    expect(stored).not.toContain(secret);
    expect(verifySecret(secret, stored)).toBe(true);
    expect(verifySecret(`${secret}x`, stored)).toBe(false);
    expect(verifySecret(secret, 'garbage')).toBe(false);
  });

  it('makes numeric codes of the asked length', () => {
    const codes = Array.from({ length: 200 }, () => numericCode(6));
    for (const c of codes) expect(c).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(190);
  });
});
