import { policySchema } from '@idaas/events';
import { effectivePolicy } from './effective-policy';

const tenant = policySchema.parse({ mfa: { mode: 'optional' } });

describe('effectivePolicy', () => {
  it('is the tenant policy for an application in no group', () => {
    expect(effectivePolicy(tenant, [], 'app-1')).toEqual({ policy: tenant, sources: {} });
  });

  it("applies a group's overrides knob by knob and says where each came from", () => {
    const { policy, sources } = effectivePolicy(
      tenant,
      [
        {
          groupId: 'g1',
          name: 'finance',
          applicationIds: ['app-1'],
          overrides: { mfa: { mode: 'required' }, session: { idleSeconds: 600 } },
        },
      ],
      'app-1',
    );
    expect(policy.mfa).toEqual({ ...tenant.mfa, mode: 'required' });
    expect(policy.session).toEqual({ ...tenant.session, idleSeconds: 600 });
    expect(policy.lockout).toEqual(tenant.lockout);
    expect(sources).toEqual({ 'mfa.mode': 'group:finance', 'session.idleSeconds': 'group:finance' });
  });

  it('ignores groups the application is not in', () => {
    const result = effectivePolicy(
      tenant,
      [{ groupId: 'g', name: 'other', applicationIds: ['app-2'], overrides: { mfa: { mode: 'off' } } }],
      'app-1',
    );
    expect(result.policy.mfa.mode).toBe('optional');
  });

  it('resolves two groups setting one knob by group name, whatever their order', () => {
    const a = {
      groupId: 'a',
      name: 'a-group',
      applicationIds: ['app-1'],
      overrides: { mfa: { mode: 'off' as const } },
    };
    const b = {
      groupId: 'b',
      name: 'b-group',
      applicationIds: ['app-1'],
      overrides: { mfa: { mode: 'required' as const } },
    };
    expect(effectivePolicy(tenant, [a, b], 'app-1').policy.mfa.mode).toBe('required');
    expect(effectivePolicy(tenant, [b, a], 'app-1').sources['mfa.mode']).toBe('group:b-group');
  });

  it('never changes the tenant policy it was given', () => {
    const before = structuredClone(tenant);
    effectivePolicy(
      tenant,
      [{ groupId: 'g', name: 'g', applicationIds: ['app-1'], overrides: { password: { minLength: 20 } } }],
      'app-1',
    );
    expect(tenant).toEqual(before);
  });
});
