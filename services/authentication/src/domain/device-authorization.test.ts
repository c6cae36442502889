import { DEVICE_POLL_INTERVAL_SECONDS, pollOutcome, type DeviceAuthorization } from './device-authorization';

const start = new Date('2025-03-01T10:00:00Z');
const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);

const pending = (over: Partial<DeviceAuthorization> = {}): DeviceAuthorization => ({
  id: 'hash',
  tenantId: 't1',
  clientId: 'tv',
  scope: ['openid'],
  status: 'pending',
  intervalSeconds: DEVICE_POLL_INTERVAL_SECONDS,
  expiresAt: at(600),
  ...over,
});

const approval = { userId: 'u1', sessionId: 's1', authTime: start, amr: ['pwd'] };

describe('polling a device authorization (RFC 8628 section 3.5)', () => {
  it('is pending until the user decides, for a device that keeps its interval', () => {
    expect(pollOutcome(pending(), at(1))).toEqual({ answer: 'authorization_pending', polledAt: at(1) });
    expect(pollOutcome(pending({ lastPolledAt: at(1) }), at(6))).toEqual({
      answer: 'authorization_pending',
      polledAt: at(6),
    });
  });

  it('tells a device polling too fast to slow down, adding five seconds each time', () => {
    expect(pollOutcome(pending({ lastPolledAt: at(1) }), at(5))).toEqual({
      answer: 'slow_down',
      polledAt: at(5),
      intervalSeconds: 10,
    });
    // With the grown interval, what was fast enough before is too fast now.
    expect(pollOutcome(pending({ lastPolledAt: at(5), intervalSeconds: 10 }), at(12))).toMatchObject({
      answer: 'slow_down',
      intervalSeconds: 15,
    });
    expect(pollOutcome(pending({ lastPolledAt: at(5), intervalSeconds: 10 }), at(15))).toMatchObject({
      answer: 'authorization_pending',
    });
  });

  it('answers the decision: denied, or approved with the sign-in and the scope', () => {
    expect(pollOutcome(pending({ status: 'denied' }), at(10))).toEqual({ answer: 'access_denied' });
    expect(pollOutcome(pending({ status: 'approved', approval }), at(10))).toEqual({
      answer: 'approved',
      approval,
      id: 'hash',
      scope: ['openid'],
    });
  });

  it('expires at its lifetime whatever was decided, and is used up once redeemed', () => {
    expect(pollOutcome(pending(), at(600))).toEqual({ answer: 'expired_token' });
    expect(pollOutcome(pending({ status: 'approved', approval }), at(601))).toEqual({
      answer: 'expired_token',
    });
    expect(pollOutcome(pending({ status: 'denied' }), at(700))).toEqual({ answer: 'expired_token' });
    expect(pollOutcome(pending({ status: 'redeemed', approval }), at(10))).toEqual({
      answer: 'invalid_grant',
    });
  });
});
