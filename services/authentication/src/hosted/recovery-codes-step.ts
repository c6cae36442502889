import type { Request, Response } from 'express';
import { FlowExpiredError, type LoginFlowState } from '@idaas/identity';
import { recoveryCodesPage } from '../pages/mfa-pages';
import type { HostedDeps } from './deps';
import { flowUrl, type RunningFlow } from './flow-step';
import { lookFor, sendPage } from './page-response';

/**
 * The end of an enrolment at first sign-in (TOTP or a passkey): the flow moves to its recovery
 * codes step, and the codes are shown this once, on a page whose form goes on at `continuePath`.
 */
export async function showRecoveryCodesOnce(
  deps: HostedDeps,
  req: Request,
  res: Response,
  running: RunningFlow,
  userId: string,
  codes: string[],
  next: {
    state: Extract<LoginFlowState, 'showing_recovery_codes' | 'showing_passkey_recovery_codes'>;
    continuePath: string;
  },
): Promise<void> {
  const { tenant, flow } = running;
  if (!(await deps.flows.transition(flow, 'awaiting_mfa_enrolment', next.state, userId)))
    throw new FlowExpiredError(flow.id);
  sendPage(
    res,
    200,
    recoveryCodesPage(lookFor(deps, tenant, req, flow.request.uiLocales), {
      action: flowUrl(deps, running, next.continuePath),
      csrfToken: await deps.flows.rotateCsrf(flow),
      codes,
    }),
  );
}
