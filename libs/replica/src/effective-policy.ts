import type { Policy, PolicyOverrides } from '@idaas/events';

export interface GroupOverrides {
  groupId: string;
  name: string;
  applicationIds: readonly string[];
  overrides: PolicyOverrides;
}

/** Where a knob's value came from: the tenant's policy, a named application group, or the application itself. */
export type PolicySource = 'tenant' | 'application' | `group:${string}`;

export interface EffectivePolicy {
  policy: Policy;
  /** For every knob (`section.knob`), who set it: the answer to "why is this so here". */
  sources: Record<string, PolicySource>;
}

type Section = keyof Policy;

function applyOverrides(into: EffectivePolicy, overrides: PolicyOverrides, source: PolicySource): void {
  for (const [section, knobs] of Object.entries(overrides) as [
    Section,
    Record<string, unknown> | undefined,
  ][]) {
    if (!knobs) continue;
    for (const [knob, value] of Object.entries(knobs)) {
      if (value === undefined) continue;
      (into.policy[section] as Record<string, unknown>)[knob] = value;
      into.sources[`${section}.${knob}`] = source;
    }
  }
}

/**
 * The policy that applies to one application: the tenant's, overridden knob by knob by each
 * application group the application belongs to, then by the application's own overrides. The
 * most specific wins; when two groups of the same application set one knob, the group later in
 * name order wins, so the outcome never depends on storage order.
 */
export function effectivePolicy(
  tenant: Policy,
  groups: readonly GroupOverrides[],
  applicationId: string,
  applicationOverrides: PolicyOverrides = {},
): EffectivePolicy {
  const policy = structuredClone(tenant) as Policy;
  const sources: Record<string, PolicySource> = {};
  for (const [section, knobs] of Object.entries(policy) as [Section, Record<string, unknown>][]) {
    for (const knob of Object.keys(knobs)) sources[`${section}.${knob}`] = 'tenant';
  }
  const result = { policy, sources };
  const applicable = groups
    .filter((g) => g.applicationIds.includes(applicationId))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const group of applicable) applyOverrides(result, group.overrides, `group:${group.name}`);
  applyOverrides(result, applicationOverrides, 'application');
  return result;
}
