import type { Response } from 'express';
import type { Logger } from '@idaas/telemetry';
import { HttpError, SCIM_TYPES } from './errors';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Turns whatever a handler threw into the wire error; the only place errors are rendered.
 * `routeFormat` is the format of the route that failed, for errors that do not name one.
 */
export function renderError(
  err: unknown,
  res: Response,
  logger: Logger,
  requestId: string,
  routeFormat?: 'problem' | 'oauth' | 'scim',
): void {
  const known = toHttpError(err);
  if (known.status >= 500) logger.error({ err, requestId }, 'request failed');
  for (const [k, v] of Object.entries(known.options.headers ?? {})) res.setHeader(k, v);
  res.setHeader('Cache-Control', 'no-store');
  if (known.options.format === 'oauth') {
    res.status(known.status).json({ error: known.code, error_description: known.detail });
    return;
  }
  if ((known.options.format ?? routeFormat) === 'scim') {
    res
      .status(known.status)
      .type('application/scim+json')
      .send(JSON.stringify(scimError(known)));
    return;
  }
  res
    .status(known.status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: `urn:idaas:problem:${known.code}`,
        title: TITLES[known.status] ?? 'Error',
        status: known.status,
        detail: known.expose ? known.detail : 'An unexpected error occurred.',
        code: known.code,
        instance: requestId,
        ...(known.options.errors ? { errors: known.options.errors } : {}),
      }),
    );
}

/**
 * RFC 7644 section 3.12: `status` is a string, `scimType` only where the spec defines one. Field
 * errors of a route's guard are `invalidValue`, named in `detail`.
 */
function scimError(known: HttpError) {
  const scimType = SCIM_TYPES.has(known.code)
    ? known.code
    : known.code === 'validation_failed'
      ? 'invalidValue'
      : known.code === 'malformed_json'
        ? 'invalidSyntax'
        : undefined;
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    status: String(known.status),
    ...(scimType ? { scimType } : {}),
    detail: known.expose ? known.detail : 'An unexpected error occurred.',
  };
}

/** Errors from express's body parser carry a status and a type; map them to our problems. */
function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  const e = err as { status?: unknown; type?: unknown };
  if (e && typeof e === 'object' && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    if (e.type === 'entity.parse.failed')
      return new HttpError(400, 'malformed_json', 'The request body is not valid JSON.');
    if (e.type === 'entity.too.large')
      return new HttpError(413, 'payload_too_large', 'The request body is too large.');
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
      return new HttpError(415, 'unsupported_media_type', 'Unsupported body encoding.');
    return new HttpError(e.status, 'bad_request', 'The request could not be read.');
  }
  return new HttpError(500, 'internal_error', 'unexpected', { expose: false });
}
