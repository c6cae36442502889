import { assertValid, csrfMatches, LOGIN_FLOW_TRANSITIONS, type LoginFlowState } from '@idaas/identity';
import type { ApplicationView, TenantView } from '@idaas/replica';
import type { LoginFlow } from '../store/flow-store';
import { activeTenant } from './active-tenant';
import type { HostedDeps } from './deps';
import { pageError } from './page-response';

export interface RunningFlow {
  tenant: TenantView;
  client: ApplicationView;
  flow: LoginFlow;
  /** The flow's CSRF token, when the caller already holds it for the page to show (a new flow, or the lookup rotated it). */
  csrfToken?: string;
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
  return checkedFlow(deps, slug, expected, (tenantId) => deps.flows.find(tenantId, flowId));
}

/** As `runningFlow`, for showing the flow's page: the same lookup also rotates its CSRF token. */
export async function runningFlowForPage(
  deps: HostedDeps,
  slug: string,
  flowId: string,
  expected: LoginFlowState,
): Promise<RunningFlow> {
  let csrfToken: string | undefined;
  const running = await checkedFlow(deps, slug, expected, async (tenantId) => {
    const found = await deps.flows.findAtStepRotatingCsrf(tenantId, flowId, expected);
    csrfToken = found?.csrfToken;
    return found?.flow;
  });
  return { ...running, csrfToken };
}

async function checkedFlow(
  deps: HostedDeps,
  slug: string,
  expected: LoginFlowState,
  load: (tenantId: string) => Promise<LoginFlow | undefined>,
): Promise<RunningFlow> {
  const tenant = activeTenant(deps, slug);
  const flow = await load(tenant.tenantId);
  if (!flow) throw pageError(400, 'error.flow_expired');
  assertValid(flow, LOGIN_FLOW_TRANSITIONS, deps.clock);
  if (flow.state !== expected) throw pageError(400, 'error.flow_expired');
  const client = deps.applications.find(tenant.tenantId, flow.request.clientId);
  if (!client) throw pageError(400, 'error.unknown_client');
  return { tenant, client, flow };
}

/** A page of this flow's steps at the tenant's issuer, e.g. `login/mfa`: where its form posts, or a link. */
export const flowUrl = (deps: Pick<HostedDeps, 'issuerOf'>, running: RunningFlow, path: string): string =>
  `${deps.issuerOf(running.tenant)}/${path}?flow=${running.flow.id}`;

/** Pipeline step: the form carries the flow's CSRF token; a missing or wrong one signs nobody in. */
export function assertCsrf(flow: LoginFlow, presented: string | undefined): void {
  if (!csrfMatches(flow, presented)) throw pageError(403, 'error.csrf');
}
