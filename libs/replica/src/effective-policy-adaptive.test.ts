import { policyOverridesSchema, policySchema, type PolicyOverrides } from '@idaas/events';
import { effectivePolicy, type GroupOverrides } from './effective-policy';

const tenant = policySchema.parse({ mfa: { mode: 'off', stepUpOnNewDevice: true, stepUpAfterFailures: 3 } });
const group = (name: string, overrides: PolicyOverrides): GroupOverrides => ({
  groupId: `id-${name}`,
  name,
  applicationIds: ['app-1'],
  overrides: policyOverridesSchema.parse(overrides),
});

/** The adaptive-rule and remember-device knobs combine like every other knob: the most specific wins. */
describe('effectivePolicy: adaptive MFA knobs', () => {
  it('come from the tenant when nobody overrides them', () => {
    const { policy, sources } = effectivePolicy(tenant, [], 'app-1');
    expect(policy.mfa).toMatchObject({ stepUpOnNewDevice: true, stepUpAfterFailures: 3 });
    expect(policy.mfa.stepUpOnNewCountry).toBeUndefined();
    expect(sources['mfa.stepUpOnNewDevice']).toBe('tenant');
  });

  it('are overridden knob by knob: a group, then the application, each keeping what it does not name', () => {
    const { policy, sources } = effectivePolicy(
      tenant,
      [group('finance', { mfa: { stepUpOnNewCountry: true, rememberDeviceDays: 30 } })],
      'app-1',
      policyOverridesSchema.parse({ mfa: { stepUpOnNewDevice: false, rememberDeviceDays: 7 } }),
    );
    expect(policy.mfa).toMatchObject({
      stepUpOnNewDevice: false,
      stepUpOnNewCountry: true,
      stepUpAfterFailures: 3,
      rememberDeviceDays: 7,
    });
    expect(sources['mfa.stepUpOnNewDevice']).toBe('application');
    expect(sources['mfa.stepUpOnNewCountry']).toBe('group:finance');
    expect(sources['mfa.stepUpAfterFailures']).toBe('tenant');
    expect(sources['mfa.rememberDeviceDays']).toBe('application');
  });

  it('refuse values out of range in an override, naming the knob', () => {
    const bad = policyOverridesSchema.safeParse({
      mfa: { stepUpAfterFailures: -1, stepUpOnNewDevice: 'yes' },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'mfa.stepUpAfterFailures',
      'mfa.stepUpOnNewDevice',
    ]);
  });
});
