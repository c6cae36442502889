import { randomUUID } from 'node:crypto';
import { context, metrics, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
  }
}

/** Accepts a caller's request id only if it is harmless to echo and log. */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  req.requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', req.requestId);
  next();
}

/** One server span per request, continuing the caller's trace when it sent a traceparent. */
export function traceRequests(serviceName: string) {
  const tracer = trace.getTracer(serviceName);
  const duration = metrics
    .getMeter(serviceName)
    .createHistogram('http.server.request.duration', { unit: 's', description: 'Duration of HTTP requests' });
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(
      `${req.method} ${req.path}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } },
      parent,
    );
    res.on('finish', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      // The matched route pattern keeps the metric's cardinality bounded (no ids in labels).
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      duration.record(Number(process.hrtime.bigint() - started) / 1e9, {
        'http.request.method': req.method,
        'http.route': route,
        'http.response.status_code': res.statusCode,
      });
    });
    context.with(trace.setSpan(parent, span), () => next());
  };
}

/** Headers every response gets; pages add their own CSP. */
export function baselineSecurityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  next();
}
