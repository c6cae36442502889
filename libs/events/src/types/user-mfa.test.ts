import { UserMfaChangedV1 } from './user-mfa';

const origin = { source: '/idaas/eu/authentication', tenantId: 't1', region: 'eu', now: new Date(0) };

describe('idaas.user.mfa.changed.v1', () => {
  it('carries the user, the method and the change, keyed by the user', () => {
    const event = UserMfaChangedV1.create('u1', { userId: 'u1', method: 'totp', change: 'enrolled' }, origin);
    expect(event).toMatchObject({ type: 'idaas.user.mfa.changed.v1', subject: 'u1', tenantid: 't1' });
    expect(event.data).toEqual({ userId: 'u1', method: 'totp', change: 'enrolled' });
  });

  it('never publishes what a caller adds beside them (a passkey label names its owner)', () => {
    const data = { userId: 'u1', method: 'webauthn', change: 'removed', label: "Grace's laptop" } as const;
    expect(UserMfaChangedV1.create('u1', data, origin).data).toEqual({
      userId: 'u1',
      method: 'webauthn',
      change: 'removed',
    });
  });

  it('says when an admin made the change, and refuses an actor it does not know', () => {
    const data = { userId: 'u1', method: 'totp', change: 'removed', actor: 'admin' } as const;
    expect(UserMfaChangedV1.create('u1', data, origin).data).toEqual(data);
    expect(() => UserMfaChangedV1.create('u1', { ...data, actor: 'support' as 'admin' }, origin)).toThrow();
  });

  it('refuses a method nobody enrols (an emailed code) and an unknown change', () => {
    expect(() =>
      UserMfaChangedV1.create(
        'u1',
        { userId: 'u1', method: 'email_otp' as 'totp', change: 'enrolled' },
        origin,
      ),
    ).toThrow();
    expect(() =>
      UserMfaChangedV1.create('u1', { userId: 'u1', method: 'totp', change: 'reset' as 'removed' }, origin),
    ).toThrow();
  });
});
