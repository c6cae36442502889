import type { Request, Response } from 'express';
import type { z } from 'zod';
import { defineRoute, type AnyRoute, type ResponseSpec } from '@idaas/http';
import { tenantParams } from '../actions/tenant-step';
import type { HostedDeps } from './deps';
import { asPage } from './page-response';

/** What the route of a hosted page declares: its operation, its answers, its query and form if any. */
export interface HostedPageSpec<Q extends z.ZodType, F extends z.ZodType> {
  method: 'get' | 'post';
  path: string;
  operationId: string;
  summary: string;
  responses: Record<number, ResponseSpec>;
  query?: Q;
  /** A form, posted form-encoded. */
  form?: F;
}

/** What a hosted page's handler gets: the tenant slug of the path, and the query and form its guard parsed. */
export interface HostedPageInput<Q extends z.ZodType, F extends z.ZodType> {
  slug: string;
  query: z.output<Q>;
  form: z.output<F>;
  req: Request;
  res: Response;
}

/**
 * The route of a page under `/t/:tenant/` on the hosted pages: its guard (tagged "hosted pages"
 * in the OpenAPI document), and what its handler throws shown on the error page (`asPage`).
 */
export function hostedPageRoute<Q extends z.ZodType, F extends z.ZodType>(
  deps: HostedDeps,
  spec: HostedPageSpec<Q, F>,
  handle: (input: HostedPageInput<Q, F>) => Promise<void>,
): AnyRoute {
  return defineRoute({
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    tags: ['hosted pages'],
    params: tenantParams,
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.form ? { body: spec.form, bodyTypes: ['form' as const] } : {}),
    responses: spec.responses,
    handler: async ({ params, query, body, req, res }) =>
      asPage(deps, req, res, params.tenant, () =>
        // The route's guard parsed the query with `spec.query` and the body with `spec.form`.
        handle({ slug: params.tenant, query: query as z.output<Q>, form: body as z.output<F>, req, res }),
      ),
  });
}
