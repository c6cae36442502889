import { base32Decode, base32Encode, hotp, matchTotp, totpAt, totpStep, totpUri } from './totp';
import { generateRecoveryCodes, hashRecoveryCode } from './recovery-codes';

// RFC 6238 Appendix B: the SHA-1 key is the ASCII string "12345678901234567890".
const rfcKey = Buffer.from('12345678901234567890', 'ascii');
const rfcSecret = base32Encode(rfcKey);

describe('TOTP (RFC 6238)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('matches the Appendix B vector at T=%i', (seconds, expected) => {
    expect(totpAt(rfcSecret, new Date(seconds * 1000), 8)).toBe(expected);
  });

  it('gives six digits by default, the last six of the 8-digit vector', () => {
    expect(totpAt(rfcSecret, new Date(59_000))).toBe('287082');
  });

  it('round-trips base32', () => {
    expect(base32Decode(rfcSecret)).toEqual(rfcKey);
    expect(rfcSecret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('accepts the previous, current and next step and says which matched', () => {
    const now = new Date(1_700_000_000_000);
    const step = totpStep(now);
    expect(matchTotp(rfcSecret, hotp(rfcKey, step - 1), now)).toBe(step - 1);
    expect(matchTotp(rfcSecret, hotp(rfcKey, step), now)).toBe(step);
    expect(matchTotp(rfcSecret, hotp(rfcKey, step + 1), now)).toBe(step + 1);
  });

  it('refuses codes two steps away and malformed codes', () => {
    const now = new Date(1_700_000_000_000);
    const step = totpStep(now);
    expect(matchTotp(rfcSecret, hotp(rfcKey, step - 2), now)).toBeUndefined();
    expect(matchTotp(rfcSecret, hotp(rfcKey, step + 2), now)).toBeUndefined();
    expect(matchTotp(rfcSecret, '12345', now)).toBeUndefined();
    expect(matchTotp(rfcSecret, 'abcdef', now)).toBeUndefined();
  });

  it('builds the otpauth URI apps read', () => {
    expect(totpUri({ secret: 'ABC', issuer: 'Acme Co', account: 'ann@example.com' })).toBe(
      'otpauth://totp/Acme%20Co:ann%40example.com?secret=ABC&issuer=Acme+Co&algorithm=SHA1&digits=6&period=30',
    );
  });
});

describe('recovery codes', () => {
  it('are ten distinct codes whose hash ignores case and dashes', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(codes[0]).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}-[a-z2-7]{2}$/);
    expect(hashRecoveryCode(codes[0]!.toUpperCase().replace(/-/g, ' '))).toBe(hashRecoveryCode(codes[0]!));
  });
});
