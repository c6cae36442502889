import { policySchema, type PolicyOverrides } from '@idaas/events';
import { effectivePolicy, type GroupOverrides } from './effective-policy';

const tenant = policySchema.parse({ mfa: { mode: 'optional' } });
const group = (name: string, overrides: PolicyOverrides, applicationIds = ['app-1']): GroupOverrides => ({
  groupId: `id-${name}`,
  name,
  applicationIds,
  overrides,
});

describe('effectivePolicy', () => {
  it('is the tenant policy for an application in no group, every knob from the tenant', () => {
    const { policy, sources } = effectivePolicy(tenant, [], 'app-1');
    expect(policy).toEqual(tenant);
    expect(sources['mfa.mode']).toBe('tenant');
    expect(sources['lockout.maxAttempts']).toBe('tenant');
    expect(Object.values(sources).every((s) => s === 'tenant')).toBe(true);
  });

  it("applies a group's overrides knob by knob and says where each came from", () => {
    const { policy, sources } = effectivePolicy(
      tenant,
      [group('finance', { mfa: { mode: 'required' }, session: { idleSeconds: 600 } })],
      'app-1',
    );
    expect(policy.mfa).toEqual({ ...tenant.mfa, mode: 'required' });
    expect(policy.session).toEqual({ ...tenant.session, idleSeconds: 600 });
    expect(policy.lockout).toEqual(tenant.lockout);
    expect(sources['mfa.mode']).toBe('group:finance');
    expect(sources['session.idleSeconds']).toBe('group:finance');
    expect(sources['mfa.methods']).toBe('tenant');
  });

  it('ignores groups the application is not in', () => {
    const result = effectivePolicy(tenant, [group('other', { mfa: { mode: 'off' } }, ['app-2'])], 'app-1');
    expect(result.policy.mfa.mode).toBe('optional');
    expect(result.sources['mfa.mode']).toBe('tenant');
  });

  it('resolves two groups setting one knob by group name, whatever their order', () => {
    const a = group('a-group', { mfa: { mode: 'off' } });
    const b = group('b-group', { mfa: { mode: 'required' } });
    expect(effectivePolicy(tenant, [a, b], 'app-1').policy.mfa.mode).toBe('required');
    expect(effectivePolicy(tenant, [b, a], 'app-1').sources['mfa.mode']).toBe('group:b-group');
  });

  it('never changes the tenant policy it was given', () => {
    const before = structuredClone(tenant);
    effectivePolicy(tenant, [group('g', { password: { minLength: 20 } })], 'app-1', {
      password: { minLength: 30 },
    });
    expect(tenant).toEqual(before);
  });

  /**
   * Precedence of the MFA mode over the three levels, every combination: the tenant always has a
   * value (set: required; not set: the default, optional), the group and the application each
   * either set it or not. The most specific level that sets it wins.
   */
  describe('precedence: tenant, group, application', () => {
    const cases: {
      tenantSet: boolean;
      groupSet: boolean;
      applicationSet: boolean;
      mode: string;
      source: string;
    }[] = [
      { tenantSet: false, groupSet: false, applicationSet: false, mode: 'optional', source: 'tenant' },
      { tenantSet: true, groupSet: false, applicationSet: false, mode: 'required', source: 'tenant' },
      { tenantSet: false, groupSet: true, applicationSet: false, mode: 'off', source: 'group:finance' },
      { tenantSet: true, groupSet: true, applicationSet: false, mode: 'off', source: 'group:finance' },
      { tenantSet: false, groupSet: false, applicationSet: true, mode: 'required', source: 'application' },
      { tenantSet: true, groupSet: false, applicationSet: true, mode: 'required', source: 'application' },
      { tenantSet: false, groupSet: true, applicationSet: true, mode: 'required', source: 'application' },
      { tenantSet: true, groupSet: true, applicationSet: true, mode: 'required', source: 'application' },
    ];

    it.each(cases)(
      'tenant set $tenantSet, group set $groupSet, application set $applicationSet: $mode from $source',
      ({ tenantSet, groupSet, applicationSet, mode, source }) => {
        const base = policySchema.parse(tenantSet ? { mfa: { mode: 'required' } } : {});
        const groups = groupSet ? [group('finance', { mfa: { mode: 'off' } })] : [];
        // The application's value differs from the group's, so a wrong order would show.
        const own: PolicyOverrides = applicationSet ? { mfa: { mode: 'required' } } : {};
        const { policy, sources } = effectivePolicy(base, groups, 'app-1', own);
        expect(policy.mfa.mode).toBe(mode);
        expect(sources['mfa.mode']).toBe(source);
      },
    );

    it('mixes levels knob by knob: mode from the application, methods from the group, remember-device from the tenant', () => {
      const base = policySchema.parse({ mfa: { mode: 'optional', rememberDeviceDays: 7 } });
      const { policy, sources } = effectivePolicy(
        base,
        [group('finance', { mfa: { mode: 'off', methods: ['totp'] } })],
        'app-1',
        { mfa: { mode: 'required' } },
      );
      expect(policy.mfa).toEqual({ mode: 'required', methods: ['totp'], rememberDeviceDays: 7 });
      expect(sources).toMatchObject({
        'mfa.mode': 'application',
        'mfa.methods': 'group:finance',
        'mfa.rememberDeviceDays': 'tenant',
      });
    });
  });
});
