import { policySchema } from '@idaas/events';
import { decideMfa, type UserMfa } from './mfa';

const policy = (mode: 'required' | 'optional', methods: ('totp' | 'webauthn' | 'recovery_code')[]) =>
  policySchema.parse({ mfa: { mode, methods } }).mfa;
const passkey: UserMfa = {
  enrolments: [{ method: 'webauthn', label: 'Chrome on Linux', enrolledAt: new Date(0) }],
};
const decide = (mfa: ReturnType<typeof policy>, user: UserMfa) =>
  decideMfa({ mfa, modeSource: 'tenant', user, acrRequested: false });

describe('decideMfa with WebAuthn', () => {
  it('a passkey counts as enrolled: optional MFA asks for it, and it is ready', () => {
    const decision = decide(policy('optional', ['totp', 'webauthn', 'recovery_code']), passkey);
    expect(decision.step).toBe('verify');
    expect(decision.readyMethods).toEqual(['webauthn']);
  });

  it('enrols with a passkey where the policy allows only WebAuthn', () => {
    const decision = decide(policy('required', ['webauthn', 'recovery_code']), { enrolments: [] });
    expect(decision.step).toBe('enrol');
    expect(decision.usableMethods).toEqual(['webauthn', 'recovery_code']);
  });

  it('refuses a passkey the policy of this application does not allow', () => {
    expect(decide(policy('required', ['totp']), passkey).step).not.toBe('verify');
  });

  it("refuses a passkey the admin took from the user's methods", () => {
    const decision = decide(policy('required', ['totp', 'webauthn']), {
      ...passkey,
      allowedMethods: ['totp'],
    });
    expect(decision.readyMethods).toEqual([]);
    expect(decision.step).toBe('enrol');
  });

  it('leaves WebAuthn out where the region cannot be a relying party', () => {
    const decision = decideMfa({
      mfa: policy('required', ['webauthn', 'recovery_code']),
      modeSource: 'tenant',
      user: passkey,
      acrRequested: false,
      webauthnAvailable: false,
    });
    expect(decision.usableMethods).toEqual(['recovery_code']);
    expect(decision.step).toBe('refuse');
  });
});
