import type { Response } from 'express';
import { FlowExpiredError } from '@idaas/identity';
import type { HostedDeps } from './deps';
import type { RunningFlow } from './flow-step';

/** Where the login flow asks for the new password of a forced reset. */
export const NEW_PASSWORD_PATH = 'login/new-password';

/**
 * The password was right, but an admin forced a reset: the flow remembers the user and moves to
 * the new-password step instead of signing in. Nothing is granted until the new password is set.
 */
export async function startForcedReset(
  deps: Pick<HostedDeps, 'flows' | 'issuerOf'>,
  res: Response,
  running: RunningFlow,
  userId: string,
): Promise<void> {
  const { tenant, flow } = running;
  if (!(await deps.flows.transition(flow, 'awaiting_credentials', 'awaiting_new_password', userId)))
    throw new FlowExpiredError(flow.id);
  res
    .status(303)
    .set('Cache-Control', 'no-store')
    .location(`${deps.issuerOf(tenant)}/${NEW_PASSWORD_PATH}?flow=${flow.id}`)
    .end();
}
