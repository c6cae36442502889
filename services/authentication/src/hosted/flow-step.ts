import { assertValid, csrfMatches, LOGIN_FLOW_TRANSITIONS, type LoginFlowState } from '@idaas/identity';
import type { ApplicationView, TenantView } from '@idaas/replica';
import type { LoginFlow } from '../store/flow-store';
import type { HostedDeps } from './deps';
import { pageError } from './page-response';

export interface RunningFlow {
  tenant: TenantView;
  client: ApplicationView;
  flow: LoginFlow;
}

/**
 * Pipeline step of the hosted pages: the tenant is active, the flow is this tenant's, still
 * running and at the expected step, and its client still exists. Anything else is "start again".
 */
export async function runningFlow(
  deps: HostedDeps,
  slug: string,
  flowId: string,
  expected: LoginFlowState,
): Promise<RunningFlow> {
  const tenant = deps.tenants.findBySlug(slug);
  if (!tenant || tenant.status !== 'active') throw pageError(404, 'error.unknown_tenant');
  const flow = await deps.flows.find(tenant.tenantId, flowId);
  if (!flow) throw pageError(400, 'error.flow_expired');
  assertValid(flow, LOGIN_FLOW_TRANSITIONS, deps.clock);
  if (flow.state !== expected) throw pageError(400, 'error.flow_expired');
  const client = deps.applications.find(tenant.tenantId, flow.request.clientId);
  if (!client) throw pageError(400, 'error.unknown_client');
  return { tenant, client, flow };
}

/** Pipeline step: the form carries the flow's CSRF token; a missing or wrong one signs nobody in. */
export function assertCsrf(flow: LoginFlow, presented: string | undefined): void {
  if (!csrfMatches(flow, presented)) throw pageError(403, 'error.csrf');
}
