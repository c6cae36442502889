import { ownSessionFacts, signInWaysOf } from './own-session';

describe('signInWaysOf', () => {
  it.each([
    [['pwd'], ['password']],
    [
      ['pwd', 'otp', 'mfa'],
      ['password', 'one_time_code'],
    ],
    [
      ['pwd', 'rc', 'mfa'],
      ['password', 'recovery_code'],
    ],
    [
      ['pwd', 'rd'],
      ['password', 'remembered_browser'],
    ],
    [['swk', 'user', 'mfa'], ['passkey']],
    [
      ['pwd', 'hwk', 'user', 'mfa'],
      ['password', 'passkey'],
    ],
  ])('reads %j as %j', (amr, ways) => {
    expect(signInWaysOf(amr)).toEqual(ways);
  });

  it('leaves out what it does not know and names each way once', () => {
    expect(signInWaysOf(['pwd', 'geo', 'hwk', 'swk'])).toEqual(['password', 'passkey']);
  });
});

describe('ownSessionFacts', () => {
  it('tells the facts a user may see, never the device hash or the applications', () => {
    const at = new Date('2025-02-03T10:00:00Z');
    const facts = ownSessionFacts({
      sessionId: 's1',
      authTime: at,
      lastSeenAt: at,
      absoluteExpiresAt: at,
      amr: ['pwd'],
      deviceHash: 'secret-ish',
      clientIds: ['c1'],
    } as Parameters<typeof ownSessionFacts>[0]);
    expect(facts).toEqual({ sessionId: 's1', authTime: at, lastSeenAt: at, expiresAt: at, amr: ['pwd'] });
  });
});
