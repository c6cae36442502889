import { policySchema } from '@idaas/events';
import { ACR_MFA, ACR_PASSWORD, acrOf, decideMfa, type UserMfa } from './mfa';

const mfaPolicy = (
  mode: 'required' | 'optional' | 'off',
  methods?: ('totp' | 'recovery_code' | 'webauthn')[],
) => policySchema.parse({ mfa: { mode, ...(methods ? { methods } : {}) } }).mfa;
const enrolled: UserMfa = { enrolments: [{ method: 'totp', enrolledAt: new Date(0) }] };
const none: UserMfa = { enrolments: [] };
const decide = (mode: 'required' | 'optional' | 'off', user: UserMfa, acrRequested = false) =>
  decideMfa({ mfa: mfaPolicy(mode), modeSource: 'tenant', user, acrRequested }).step;

describe('decideMfa', () => {
  it.each([
    ['required', enrolled, false, 'verify'],
    ['required', none, false, 'enrol'],
    ['optional', enrolled, false, 'verify'],
    ['optional', none, false, 'none'],
    ['off', enrolled, false, 'none'],
    ['off', none, false, 'none'],
    ['off', enrolled, true, 'verify'],
    ['optional', none, true, 'enrol'],
  ] as const)('mode %s, user %o, acr requested %s: %s', (mode, user, acr, step) => {
    expect(decide(mode, user, acr)).toBe(step);
  });

  it("refuses a required sign-in when the user's allowed methods and the policy's have no TOTP in common", () => {
    const decision = decideMfa({
      mfa: mfaPolicy('required', ['totp', 'recovery_code']),
      modeSource: 'group:finance',
      user: { ...none, allowedMethods: ['webauthn'] },
      acrRequested: false,
    });
    expect(decision.step).toBe('refuse');
    expect(decision.usableMethods).toEqual([]);
    expect(decision.reasons[0]).toBe('MFA mode is required (set by group:finance)');
  });

  it("offers the policy's methods (by default TOTP, WebAuthn and recovery codes)", () => {
    const decision = decideMfa({
      mfa: mfaPolicy('required'),
      modeSource: 'tenant',
      user: enrolled,
      acrRequested: false,
    });
    expect(decision.usableMethods).toEqual(['totp', 'webauthn', 'recovery_code']);
  });
});

describe('acrOf', () => {
  it('is the MFA class only when a second factor was used', () => {
    expect(acrOf(['pwd'])).toBe(ACR_PASSWORD);
    expect(acrOf(['pwd', 'otp', 'mfa'])).toBe(ACR_MFA);
  });
});
