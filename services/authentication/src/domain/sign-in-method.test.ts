import { signInMethodOf } from './sign-in-method';

describe('signInMethodOf', () => {
  it.each([
    [['pwd'], 'password'],
    [['pwd', 'otp', 'mfa'], 'password'],
    [['pwd', 'rc', 'mfa'], 'password'],
    [['pwd', 'rd'], 'password'],
    // A passkey after the password: the password came first.
    [['pwd', 'hwk', 'user', 'mfa'], 'password'],
    [['hwk', 'user', 'mfa'], 'passkey'],
    [['swk', 'user', 'mfa'], 'passkey'],
    [['swk', 'user'], 'passkey'],
  ])('%j is a %s sign-in', (amr, method) => {
    expect(signInMethodOf(amr)).toBe(method);
  });

  it('refuses an amr naming no first factor it knows, rather than publishing a wrong method', () => {
    expect(() => signInMethodOf(['otp', 'mfa'])).toThrow(/no known sign-in method/);
    expect(() => signInMethodOf([])).toThrow(/no known sign-in method/);
  });
});
