import FindMyWay, { type HTTPMethod } from 'find-my-way';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Problems } from './errors';

/** What the table finds for a request: the route's own handler chain and its path pattern. */
interface Entry {
  pattern: string;
  handlers: RequestHandler[];
}

/**
 * Every guarded route of a service in one radix tree, looked up once per request. Express's
 * router tries its layers one after the other, matching each pattern's regular expression, so
 * the token endpoint paid for every route registered before it; the tree costs the length of
 * the path instead. Express still runs the middleware around it (request id, tracing, errors).
 */
export class RouteTable {
  private readonly tree = FindMyWay({ ignoreTrailingSlash: true, maxParamLength: 500 });

  add(method: string, pattern: string, handlers: RequestHandler[]): void {
    const entry: Entry = { pattern, handlers };
    this.tree.on(method.toUpperCase() as HTTPMethod, pattern, () => undefined, entry);
  }

  /** The express middleware: runs the matched route's chain, or passes on to the 404. */
  readonly dispatch = (req: Request, res: Response, next: NextFunction): void => {
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const found = this.tree.find(method as HTTPMethod, req.path);
    if (!found) {
      // The tree answers nothing for a path it cannot decode; say so rather than "no route".
      if (!decodable(req.path))
        return next(Problems.badRequest('The request path is not valid percent-encoding.'));
      return next();
    }
    const entry = found.store as Entry;
    req.params = { ...found.params } as Record<string, string>;
    // The matched pattern, for the request metric's bounded `http.route` label.
    (req as { route?: unknown }).route = { path: entry.pattern };
    runChain(entry.handlers, req, res, next);
  };
}

/** Runs express-style handlers in order; a thrown error or a rejected promise goes to `next`. */
function runChain(handlers: RequestHandler[], req: Request, res: Response, done: NextFunction): void {
  let index = 0;
  const step = (err?: unknown): void => {
    if (err !== undefined && err !== null && err !== 'route') return done(err);
    const handler = handlers[index++];
    if (!handler) return done();
    try {
      const result: unknown = handler(req, res, step);
      if (result instanceof Promise) result.catch(done);
    } catch (e) {
      done(e);
    }
  };
  step();
}

function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
