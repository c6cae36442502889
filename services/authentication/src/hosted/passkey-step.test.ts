import type { MfaDecision } from '@idaas/identity';
import { passkeyLink, secondFactorPath } from './passkey-step';

const decision = (
  step: MfaDecision['step'],
  usable: MfaDecision['usableMethods'],
  ready: MfaDecision['readyMethods'],
) => ({ step, usableMethods: usable, readyMethods: ready, reasons: [] }) as MfaDecision;

describe('secondFactorPath', () => {
  it('starts with the passkey when the user holds one', () => {
    expect(secondFactorPath(decision('verify', ['totp', 'webauthn'], ['totp', 'webauthn']))).toBe(
      'login/mfa/webauthn',
    );
    expect(secondFactorPath(decision('verify', ['totp', 'webauthn'], ['totp']))).toBe('login/mfa');
  });

  it('enrols with the app where allowed, else with a passkey', () => {
    expect(secondFactorPath(decision('enrol', ['totp', 'webauthn'], []))).toBe('login/mfa/enrol');
    expect(secondFactorPath(decision('enrol', ['webauthn'], []))).toBe('login/mfa/enrol/webauthn');
  });
});

describe('passkeyLink', () => {
  it('links only where allowed and the region can be a relying party', () => {
    expect(passkeyLink('http://localhost:1/t/a', true, 'login/passkey', 'f')).toBe(
      'http://localhost:1/t/a/login/passkey?flow=f',
    );
    expect(passkeyLink('http://localhost:1/t/a', false, 'login/passkey', 'f')).toBeUndefined();
    expect(passkeyLink('http://127.0.0.1:1/t/a', true, 'login/passkey', 'f')).toBeUndefined();
  });
});
