import { policySchema } from '@idaas/events';
import { decideMfa, type UserMfa } from './mfa';

const withEmail = (mode: 'required' | 'optional' | 'off') =>
  policySchema.parse({ mfa: { mode, methods: ['totp', 'email_otp', 'recovery_code'] } }).mfa;
const none: UserMfa = { enrolments: [] };
const totp: UserMfa = { enrolments: [{ method: 'totp', enrolledAt: new Date(0) }] };

describe('decideMfa with email codes', () => {
  it('counts a verified email as enrolled where the policy allows email codes', () => {
    const decision = decideMfa({
      mfa: withEmail('optional'),
      modeSource: 'tenant',
      user: none,
      acrRequested: false,
      emailVerified: true,
    });
    expect(decision.step).toBe('verify');
    expect(decision.readyMethods).toEqual(['email_otp']);
  });

  it('enrols TOTP instead when the email is not verified', () => {
    const decision = decideMfa({
      mfa: withEmail('required'),
      modeSource: 'tenant',
      user: none,
      acrRequested: false,
      emailVerified: false,
    });
    expect(decision.step).toBe('enrol');
    expect(decision.usableMethods).not.toContain('email_otp');
  });

  it('does not offer email codes under the default methods', () => {
    const decision = decideMfa({
      mfa: policySchema.parse({ mfa: { mode: 'optional' } }).mfa,
      modeSource: 'tenant',
      user: none,
      acrRequested: false,
      emailVerified: true,
    });
    expect(decision.step).toBe('none');
    expect(decision.usableMethods).not.toContain('email_otp');
  });

  it('offers TOTP and email together, and an admin can leave only email', () => {
    const both = decideMfa({
      mfa: withEmail('required'),
      modeSource: 'tenant',
      user: totp,
      acrRequested: false,
      emailVerified: true,
    });
    expect(both.readyMethods).toEqual(['totp', 'email_otp']);
    const emailOnly = decideMfa({
      mfa: withEmail('required'),
      modeSource: 'tenant',
      user: { ...totp, allowedMethods: ['email_otp'] },
      acrRequested: false,
      emailVerified: true,
    });
    expect(emailOnly.step).toBe('verify');
    expect(emailOnly.readyMethods).toEqual(['email_otp']);
  });
});
