import type { Policy, PolicyOverrides } from '@idaas/events';

export interface GroupOverrides {
  groupId: string;
  name: string;
  applicationIds: readonly string[];
  overrides: PolicyOverrides;
}

export interface EffectivePolicy {
  policy: Policy;
  /** For each knob set by a group, which group set it: the answer to "why is this so here". */
  sources: Record<string, string>;
}

type Section = keyof Policy;

/**
 * The policy that applies to one application: the tenant's, overridden knob by knob by each
 * application group the application belongs to. The most specific wins; when two groups of the
 * same application set one knob, the group later in name order wins, so the outcome never
 * depends on storage order.
 */
export function effectivePolicy(
  tenant: Policy,
  groups: readonly GroupOverrides[],
  applicationId: string,
): EffectivePolicy {
  const policy = structuredClone(tenant) as Policy;
  const sources: Record<string, string> = {};
  const applicable = groups
    .filter((g) => g.applicationIds.includes(applicationId))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const group of applicable) {
    for (const [section, knobs] of Object.entries(group.overrides) as [
      Section,
      Record<string, unknown> | undefined,
    ][]) {
      if (!knobs) continue;
      for (const [knob, value] of Object.entries(knobs)) {
        if (value === undefined) continue;
        (policy[section] as Record<string, unknown>)[knob] = value;
        sources[`${section}.${knob}`] = `group:${group.name}`;
      }
    }
  }
  return { policy, sources };
}
