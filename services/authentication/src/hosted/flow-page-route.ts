import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AnyRoute, ResponseSpec } from '@idaas/http';
import type { LoginFlowState } from '@idaas/identity';
import type { HostedDeps } from './deps';
import { runningFlow, runningFlowForPage, type RunningFlow } from './flow-step';
import { hostedPageRoute } from './hosted-page-route';

/** `?flow=ID`: each step of the hosted sign-in names its login flow. */
const flowQuery = z.object({ flow: z.string().uuid() });

/** The form of a step that only goes on: its CSRF token. Forms with fields extend it. */
export const csrfForm = z.object({ csrf_token: z.string().max(200).optional() });

/** What every step's form may fail with besides its own answers: the CSRF and unknown-tenant error pages. */
export const flowPageResponses = (own: Record<number, ResponseSpec>): Record<number, ResponseSpec> => ({
  ...own,
  403: { description: 'Error page: the CSRF token is missing or wrong', contentType: 'text/html' },
  404: { description: 'Error page: no such tenant', contentType: 'text/html' },
});

type FindFlow = typeof runningFlow;

interface FlowRouteSpec {
  path: string;
  operationId: string;
  summary: string;
  responses: Record<number, ResponseSpec>;
  /** The step the flow must be at; any other is the "start again" error page. */
  state: LoginFlowState;
}

function flowRoute(
  deps: HostedDeps,
  spec: FlowRouteSpec & { method: 'get' | 'post'; form?: z.ZodType; find: FindFlow },
  run: (running: RunningFlow, req: Request, res: Response, form: unknown) => Promise<void>,
): AnyRoute {
  return hostedPageRoute(deps, { ...spec, query: flowQuery }, async ({ slug, query, form, req, res }) =>
    run(await spec.find(deps, slug, query.flow, spec.state), req, res, form),
  );
}

/**
 * `GET /t/:tenant/...?flow=ID`: shows the page of one step of a running login flow, on the error
 * page when the tenant or the flow is not (or no longer) there.
 */
export const flowPageRoute = (
  deps: HostedDeps,
  spec: FlowRouteSpec & {
    /**
     * How the flow is found: by default the same lookup rotates its CSRF token for the page
     * (`runningFlowForPage`). A page that must check more before a new token is handed out
     * (whose session is it?) finds it as it is.
     */
    find?: FindFlow;
    show: (running: RunningFlow, req: Request, res: Response) => Promise<void>;
  },
): AnyRoute =>
  flowRoute(deps, { ...spec, method: 'get', find: spec.find ?? runningFlowForPage }, (running, req, res) =>
    spec.show(running, req, res),
  );

/** `POST /t/:tenant/...?flow=ID`: the form of one step of a running login flow (form-encoded). */
export const flowFormRoute = <F extends z.ZodType>(
  deps: HostedDeps,
  spec: FlowRouteSpec & {
    form: F;
    submit: (running: RunningFlow, form: z.output<F>, req: Request, res: Response) => Promise<void>;
  },
): AnyRoute =>
  flowRoute(deps, { ...spec, method: 'post', find: runningFlow }, (running, req, res, form) =>
    // The route's guard parsed the body with `spec.form`.
    spec.submit(running, form as z.output<F>, req, res),
  );
