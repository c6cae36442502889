import { policySchema } from '@idaas/events';
import { firedStepUpRules, recentFailureCount, type SignInRisk } from './adaptive-mfa';
import { decideMfa, type UserMfa } from './mfa';

type Mode = 'required' | 'optional' | 'off';
type Rules = { stepUpOnNewDevice?: boolean; stepUpOnNewCountry?: boolean; stepUpAfterFailures?: number };

const mfaPolicy = (mode: Mode, rules: Rules = {}) => policySchema.parse({ mfa: { mode, ...rules } }).mfa;
const enrolled: UserMfa = { enrolments: [{ method: 'totp', enrolledAt: new Date(0) }] };
const none: UserMfa = { enrolments: [] };
const decide = (mode: Mode, rules: Rules, risk: SignInRisk, user = enrolled, acrRequested = false) =>
  decideMfa({ mfa: mfaPolicy(mode, rules), modeSource: 'tenant', user, acrRequested, risk });

describe('adaptive step-up rules', () => {
  it('are off in a policy that does not mention them, so published policies keep their meaning', () => {
    const mfa = mfaPolicy('off');
    // Absent, not defaulted: a policy event published before the rules existed parses the same.
    expect(mfa).not.toHaveProperty('stepUpOnNewDevice');
    expect(mfa).not.toHaveProperty('stepUpOnNewCountry');
    expect(mfa).not.toHaveProperty('stepUpAfterFailures');
    expect(firedStepUpRules(mfa, { newDevice: true, newCountry: true, recentFailures: 99 })).toEqual([]);
  });

  // Each rule on/off × its signal present/absent, under mode off where only a rule can ask.
  it.each([
    [{ stepUpOnNewDevice: true }, { newDevice: true }, 'verify'],
    [{ stepUpOnNewDevice: true }, { newDevice: false }, 'none'],
    [{ stepUpOnNewDevice: false }, { newDevice: true }, 'none'],
    [{ stepUpOnNewCountry: true }, { newCountry: true }, 'verify'],
    [{ stepUpOnNewCountry: true }, {}, 'none'],
    [{ stepUpOnNewCountry: false }, { newCountry: true }, 'none'],
    [{ stepUpAfterFailures: 2 }, { recentFailures: 2 }, 'verify'],
    [{ stepUpAfterFailures: 2 }, { recentFailures: 3 }, 'verify'],
    [{ stepUpAfterFailures: 2 }, { recentFailures: 1 }, 'none'],
    [{ stepUpAfterFailures: 0 }, { recentFailures: 5 }, 'none'],
  ] as const)('rules %o with signals %o: %s', (rules, risk, step) => {
    expect(decide('off', rules, risk).step).toBe(step);
  });

  it('names the rule that fired in the reasons the explain endpoint shows', () => {
    const decision = decide(
      'off',
      { stepUpOnNewCountry: true, stepUpOnNewDevice: true },
      { newCountry: true },
    );
    expect(decision.reasons).toContain(
      "adaptive rule stepUpOnNewCountry: the country differs from the user's last sign-in",
    );
    expect(decision.reasons.some((r) => r.includes('stepUpOnNewDevice'))).toBe(false);
  });

  it('never forces enrolment: a user without a second factor signs in, with the reason', () => {
    for (const mode of ['off', 'optional'] as const) {
      const decision = decide(mode, { stepUpOnNewDevice: true }, { newDevice: true }, none);
      expect(decision.step).toBe('none');
      expect(decision.reasons).toContain('the user has not enrolled a second factor');
    }
    // Required still enrols, as without rules.
    expect(decide('required', { stepUpOnNewDevice: true }, { newDevice: true }, none).step).toBe('enrol');
  });
});

describe('remembered devices', () => {
  const remembered: SignInRisk = { rememberedDevice: true };

  it.each(['required', 'optional'] as const)('skip the code under %s mode', (mode) => {
    const decision = decide(mode, {}, remembered);
    expect(decision.step).toBe('none');
    expect(decision.rememberedDevice).toBe(true);
  });

  it('do not skip what the client asks for in acr_values', () => {
    const decision = decide('required', {}, remembered, enrolled, true);
    expect(decision.step).toBe('verify');
    expect(decision.rememberedDevice).toBeUndefined();
  });

  it('do not skip when an adaptive rule fires (a new country on a remembered browser)', () => {
    const decision = decide('required', { stepUpOnNewCountry: true }, { ...remembered, newCountry: true });
    expect(decision.step).toBe('verify');
  });

  it('do not let a user without a second factor skip enrolment', () => {
    expect(decide('required', {}, remembered, none).step).toBe('enrol');
  });

  it('without one, the code is asked as before', () => {
    expect(decide('required', {}, { rememberedDevice: false }).step).toBe('verify');
  });
});

describe('recentFailureCount', () => {
  const now = new Date('2025-01-01T12:00:00Z');
  it('counts failures since the last success while the latest is within the hour', () => {
    expect(recentFailureCount({ count: 3, lastAt: new Date('2025-01-01T11:30:00Z') }, now)).toBe(3);
    expect(recentFailureCount({ count: 3, lastAt: new Date('2025-01-01T10:30:00Z') }, now)).toBe(0);
    expect(recentFailureCount({ count: 0, lastAt: now }, now)).toBe(0);
    expect(recentFailureCount(undefined, now)).toBe(0);
  });
});
