import { createHash } from 'node:crypto';
import { pkceSatisfied } from './pkce';

const verifier = 'dBjftJeZ4CVP-mJ92K9U4hxwW6sITfWgb9ki-PlTVwbsOng';
// RFC 7636 section 4.2: BASE64URL-ENCODE(SHA256(ASCII(code_verifier))).
const challenge = createHash('sha256').update(verifier).digest('base64url');

describe('pkceSatisfied', () => {
  it('accepts the verifier of the challenge', () => {
    expect(pkceSatisfied(challenge, verifier)).toBe(true);
  });

  it('refuses another verifier', () => {
    expect(pkceSatisfied(challenge, `${verifier.slice(0, -1)}x`)).toBe(false);
  });

  it('refuses a missing verifier when a challenge was sent, and a verifier without a challenge', () => {
    expect(pkceSatisfied(challenge, undefined)).toBe(false);
    expect(pkceSatisfied(undefined, verifier)).toBe(false);
  });

  it('refuses verifiers that are too short, too long or outside the alphabet', () => {
    expect(pkceSatisfied(challenge, 'a'.repeat(42))).toBe(false);
    expect(pkceSatisfied(challenge, 'a'.repeat(129))).toBe(false);
    expect(pkceSatisfied(challenge, `${'a'.repeat(43)}!`)).toBe(false);
  });

  it('needs nothing when neither was sent (confidential clients without PKCE)', () => {
    expect(pkceSatisfied(undefined, undefined)).toBe(true);
  });
});
