import { proofOf } from './verification-proof';

describe('proofOf', () => {
  const user = (state: 'active' | 'pending_verification' | 'suspended', addressHash = 'h1') => ({
    state,
    addressHash,
  });

  it("a sign-up's verification activates the user waiting for it, older ones without an address too", () => {
    expect(proofOf('h1', user('pending_verification'))).toBe('sign_up');
    expect(proofOf(undefined, user('pending_verification'))).toBe('sign_up');
  });

  it('proves the current address of anyone else, only if the email went to it', () => {
    expect(proofOf('h1', user('active'))).toBe('address');
    expect(proofOf('h1', user('suspended'))).toBe('address');
    expect(proofOf('h0', user('active', 'h1'))).toBe('address_changed');
    expect(proofOf('h0', user('pending_verification', 'h1'))).toBe('address_changed');
  });

  it('proves nothing without a user, or for an active user from a verification without an address', () => {
    expect(proofOf('h1', undefined)).toBe('nothing');
    expect(proofOf(undefined, user('active'))).toBe('nothing');
  });
});
