import { z } from 'zod';
import type { AnyRoute } from '@idaas/http';
import { FlowExpiredError } from '@idaas/identity';
import type { HostedDeps } from '../hosted/deps';
import { runningFlow } from '../hosted/flow-step';
import { hostedPageRoute } from '../hosted/hosted-page-route';
import { pageError } from '../hosted/page-response';
import { asksForMfa, finishSignIn, mfaDecisionFor } from '../hosted/second-factor';

const continueQuery = z.object({
  flow: z.string().uuid(),
  ticket: z.string().min(1).max(200),
});

/**
 * Onboarding without a second login: the registration service verified the email of a user who
 * signed up from this flow's login page, in the same browser, and hands over a single-use ticket.
 * The ticket stands in for the password step; where the policy or the client asks for a second
 * factor, the user signs in on the login page instead, second factor included.
 */
export const loginContinueRoutes = (deps: HostedDeps): AnyRoute[] => [
  hostedPageRoute(
    deps,
    {
      method: 'get',
      path: '/t/:tenant/login/continue',
      operationId: 'continueLoginAfterSignUp',
      summary:
        'Finish a login flow with the sign-in ticket the registration service issued after verification',
      query: continueQuery,
      responses: {
        303: {
          description:
            'Signed in: to consent or back to the client (or to the login page for a second factor)',
        },
        400: {
          description: 'Error page: the flow or the ticket is expired, used or wrong',
          contentType: 'text/html',
        },
        404: { description: 'Error page: no such tenant', contentType: 'text/html' },
      },
    },
    async ({ slug, query, req, res }) => {
      const running = await runningFlow(deps, slug, query.flow, 'awaiting_credentials');
      const { tenant, client, flow } = running;
      const ticket = await deps.signInTickets.redeem(tenant.tenantId, flow.id, query.ticket, deps.clock());
      if (!ticket) throw new FlowExpiredError(flow.id);
      // The user must be able to sign in now (not locked or disabled since verifying).
      const user = await deps.users.findById(tenant.tenantId, ticket.userId);
      if (user?.state !== 'active') throw pageError(400, 'error.flow_expired');
      const decision = await mfaDecisionFor(
        deps,
        tenant.tenantId,
        client.applicationId,
        user.userId,
        asksForMfa(flow.request),
      );
      if (decision.step !== 'none') {
        res
          .status(303)
          .set('Cache-Control', 'no-store')
          .location(`${deps.issuerOf(tenant)}/login?flow=${flow.id}`)
          .end();
        return;
      }
      await finishSignIn(deps, req, res, running, user.userId, ['pwd']);
    },
  ),
];
