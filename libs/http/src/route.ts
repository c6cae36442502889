import type { Request, Response } from 'express';
import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
  requestId: string;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The guard of one route: what it accepts and what it answers. Validation and the OpenAPI
 * document both come from it, so the document cannot drift from what the code enforces.
 * A handler may write to `res` itself (redirects, HTML) and return undefined.
 */
export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  tags?: string[];
  params?: P;
  query?: Q;
  body?: B;
  /** Body media types accepted; JSON unless the route says otherwise (e.g. OAuth form posts). */
  bodyTypes?: ('json' | 'form')[];
  responses: Record<number, ResponseSpec>;
  security?: string[];
  /**
   * OAuth endpoints answer malformed input in RFC 6749 error JSON instead of problem JSON; SCIM
   * endpoints answer every error, their handlers' too, as SCIM errors (RFC 7644 section 3.12).
   */
  errorFormat?: 'problem' | 'oauth' | 'scim';
  handler: (input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>) => Promise<RouteResult | undefined>;
}

export type AnyRoute = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;

export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  spec: RouteSpec<P, Q, B>,
): AnyRoute {
  return spec as unknown as AnyRoute;
}
