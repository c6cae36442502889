import express, {
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import type { Logger } from '@idaas/telemetry';
import { HttpError, OAuthErrors, Problems } from './errors';
import { buildOpenApi, type ApiInfo } from './openapi';
import { formBody } from './form-body';
import { renderError } from './render-error';
import { RouteTable } from './route-table';
import { baselineSecurityHeaders, requestId, traceRequests } from './request-context';
import type { AnyRoute } from './route';
import { parsePart } from './validate';

export type ReadinessCheck = () => Promise<boolean>;

export interface AppOptions {
  service: string;
  info: ApiInfo;
  logger: Logger;
  routes: readonly AnyRoute[];
  /** Named dependencies that must answer before the service takes traffic. */
  readiness: Record<string, ReadinessCheck>;
  /** Mounted before the guarded routes (e.g. static assets); each must be documented elsewhere. */
  prepare?: (app: Express) => void;
}

const READINESS_TIMEOUT_MS = 2000;

/**
 * The one express factory: request ids, tracing, JSON and form bodies, the guarded routes,
 * health and readiness, the OpenAPI document, and problem responses for everything that fails.
 */
export function createApp(options: AppOptions): Express {
  const { logger } = options;
  const app = express();
  app.disable('x-powered-by');
  // No automatic ETag: hashing every JSON answer costs each request and no route needs it (the
  // SCIM routes set their own version ETags, which express leaves alone).
  app.set('etag', false);
  app.set('query parser', 'simple');
  // One router layer for the three: express's router pays per layer on every request.
  const trace = traceRequests(options.service);
  app.use((req: Request, res: Response, next: NextFunction) => {
    requestId(req, res, () => {
      baselineSecurityHeaders(req, res, () => trace(req, res, next));
    });
  });
  options.prepare?.(app);
  // The guarded routes come first: the probes and the document below are the rare requests.
  const table = new RouteTable();
  app.use(table.dispatch);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: options.service });
  });
  app.get('/readyz', async (_req, res) => {
    const entries = await Promise.all(
      Object.entries(options.readiness).map(
        async ([name, check]) => [name, await withTimeout(check())] as const,
      ),
    );
    const checks = Object.fromEntries(entries);
    const ready = entries.every(([, ok]) => ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
  });
  const openapi = buildOpenApi(options.info, options.routes);
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  for (const route of options.routes) {
    table.add(route.method, route.path, [
      ...bodyParsersFor(route),
      async (req: Request, res: Response) => {
        res.locals.errorFormat = route.errorFormat;
        const { params, query, body } = asOAuthIfNeeded(route, () => {
          if (route.body) assertBodyType(req, route.bodyTypes ?? ['json']);
          return {
            params: parsePart('params', route.params, req.params),
            query: parsePart('query', route.query, req.query),
            body: parsePart('body', route.body, req.body ?? {}),
          };
        });
        const result = await route.handler({ params, query, body, req, res, requestId: req.requestId });
        if (!result || res.headersSent) return;
        for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, v);
        if (result.body === undefined) res.status(result.status).end();
        else sendJson(req, res, result.status, result.body);
      },
    ]);
  }
  app.use((req: Request) => {
    throw Problems.notFound(`No route for ${req.method} ${req.path}.`);
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    renderError(err, res, logger, req.requestId, errorFormatOf(res));
  });
  return app;
}

const BODY_PARSERS = {
  json: express.json({ limit: '100kb', type: ['application/json', 'application/*+json'] }),
  form: formBody,
};

/**
 * Only the parsers of the body types a route accepts, on that route: a request to any other
 * route pays for no content-type check or parse (the token endpoint parses forms, never JSON).
 */
function bodyParsersFor(route: AnyRoute): RequestHandler[] {
  return route.body ? (route.bodyTypes ?? ['json']).map((type) => BODY_PARSERS[type]) : [];
}

function errorFormatOf(res: Response): AnyRoute['errorFormat'] {
  const format: unknown = res.locals.errorFormat;
  return format === 'oauth' || format === 'scim' ? format : undefined;
}

/** Input errors on OAuth endpoints become `invalid_request` (RFC 6749 section 5.2). */
function asOAuthIfNeeded<T>(route: AnyRoute, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (
      route.errorFormat === 'oauth' &&
      e instanceof HttpError &&
      e.options.format !== 'oauth' &&
      e.status < 500
    ) {
      throw OAuthErrors.invalidRequest(e.detail);
    }
    throw e;
  }
}

function assertBodyType(req: Request, types: ('json' | 'form')[]): void {
  const accepted = types.map((t) =>
    t === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
  );
  if (!req.is([...accepted, ...(types.includes('json') ? ['application/*+json'] : [])])) {
    throw Problems.unsupportedMediaType(`Send the body as ${accepted.join(' or ')}.`);
  }
}

async function withTimeout(check: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), READINESS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check.catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A route's JSON answer, written in one call. Express's `res.json` goes through `res.send`
 * (content-type negotiation, freshness checks, a second pass over the body for its length),
 * which showed in the profile of the token endpoint; none of it applies to a computed answer.
 */
function sendJson(req: Request, res: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  // A route may answer with its own JSON media type (SCIM's application/scim+json).
  if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(req.method === 'HEAD' ? undefined : text);
}
