import type { MfaChange } from './mfa-changes';
import { SecondFactorRemoval } from './second-factor-removal';

/** One user's second factors in memory, with the operations the removal uses. */
function userWith(factors: { totp?: boolean; passkeys?: string[]; codes?: boolean }) {
  const state = {
    totp: factors.totp ?? false,
    passkeys: [...(factors.passkeys ?? [])],
    codes: factors.codes ?? false,
    remembered: true,
  };
  const told: MfaChange[] = [];
  const removal = new SecondFactorRemoval({
    mfa: {
      mfaOf: async () => ({
        enrolments: [
          ...(state.totp ? [{ method: 'totp' as const }] : []),
          ...state.passkeys.map(() => ({ method: 'webauthn' as const })),
        ] as never,
      }),
      removeTotp: async () => state.totp && !(state.totp = false),
      removeRecoveryCodes: async () => state.codes && !(state.codes = false),
    },
    passkeys: {
      remove: async (_t, _u, id) => {
        const before = state.passkeys.length;
        state.passkeys = state.passkeys.filter((p) => p !== id);
        return state.passkeys.length < before;
      },
      removeAllOf: async () => state.passkeys.splice(0).length,
    },
    changes: {
      record: async (_t, _u, change) => {
        told.push(change);
        return true;
      },
    },
    devices: {
      forgetMfaRemembered: async () => {
        state.remembered = false;
      },
    },
  });
  return { state, told, removal };
}

const now = new Date('2030-01-01T00:00:00Z');

describe('SecondFactorRemoval', () => {
  it('resets everything and tells one removal per method the user had, with who did it', async () => {
    const { state, told, removal } = userWith({ totp: true, passkeys: ['a', 'b'], codes: true });
    expect(await removal.reset('t', 'u', 'admin', now)).toEqual(['totp', 'webauthn', 'recovery_code']);
    expect(state).toEqual({ totp: false, passkeys: [], codes: false, remembered: false });
    expect(told).toEqual([
      { method: 'totp', change: 'removed', actor: 'admin' },
      { method: 'webauthn', change: 'removed', actor: 'admin' },
      { method: 'recovery_code', change: 'removed', actor: 'admin' },
    ]);
  });

  it('tells nothing for a reset of a user without second factors, yet forgets remembered browsers', async () => {
    const { state, told, removal } = userWith({});
    expect(await removal.reset('t', 'u', 'admin', now)).toEqual([]);
    expect(told).toEqual([]);
    expect(state.remembered).toBe(false);
  });

  it('keeps recovery codes when the authenticator app goes and a passkey stays', async () => {
    const { state, told, removal } = userWith({ totp: true, passkeys: ['a'], codes: true });
    expect(await removal.removeAuthenticatorApp('t', 'u', 'user', now)).toEqual(['totp']);
    expect(state).toMatchObject({ totp: false, passkeys: ['a'], codes: true, remembered: true });
    expect(told).toEqual([{ method: 'totp', change: 'removed', actor: 'user' }]);
  });

  it('drops recovery codes with the last second factor, whichever it was', async () => {
    const app = userWith({ totp: true, codes: true });
    expect(await app.removal.removeAuthenticatorApp('t', 'u', 'user', now)).toEqual([
      'totp',
      'recovery_code',
    ]);
    expect(app.state.codes).toBe(false);

    const key = userWith({ passkeys: ['a'], codes: true });
    expect(await key.removal.removePasskey('t', 'u', 'a', 'user', now)).toEqual([
      'webauthn',
      'recovery_code',
    ]);
    expect(key.told.map((c) => c.method)).toEqual(['webauthn', 'recovery_code']);
  });

  it('keeps recovery codes when a passkey goes and the authenticator app or another passkey stays', async () => {
    const withApp = userWith({ totp: true, passkeys: ['a'], codes: true });
    expect(await withApp.removal.removePasskey('t', 'u', 'a', 'user', now)).toEqual(['webauthn']);
    const withKey = userWith({ passkeys: ['a', 'b'], codes: true });
    expect(await withKey.removal.removePasskey('t', 'u', 'a', 'user', now)).toEqual(['webauthn']);
    expect(withKey.state.codes).toBe(true);
  });

  it('removes every passkey and keeps the app; recovery codes go only when no app is left', async () => {
    const withApp = userWith({ totp: true, passkeys: ['a', 'b'], codes: true });
    expect(await withApp.removal.removeAllPasskeys('t', 'u', 'admin', now)).toEqual(['webauthn']);
    expect(withApp.state).toEqual({ totp: true, passkeys: [], codes: true, remembered: true });
    expect(withApp.told).toEqual([{ method: 'webauthn', change: 'removed', actor: 'admin' }]);

    const keysOnly = userWith({ passkeys: ['a', 'b'], codes: true });
    expect(await keysOnly.removal.removeAllPasskeys('t', 'u', 'admin', now)).toEqual([
      'webauthn',
      'recovery_code',
    ]);
    expect(keysOnly.state).toMatchObject({ passkeys: [], codes: false });

    const none = userWith({ totp: true, codes: true });
    expect(await none.removal.removeAllPasskeys('t', 'u', 'admin', now)).toEqual([]);
    expect(none.told).toEqual([]);
    expect(none.state.codes).toBe(true);
  });

  it('removes and tells nothing for an app or a passkey the user does not have', async () => {
    const { state, told, removal } = userWith({ passkeys: ['a'], codes: true });
    expect(await removal.removeAuthenticatorApp('t', 'u', 'user', now)).toEqual([]);
    expect(await removal.removePasskey('t', 'u', 'someone-elses', 'user', now)).toEqual([]);
    expect(told).toEqual([]);
    expect(state).toMatchObject({ passkeys: ['a'], codes: true });
  });
});
