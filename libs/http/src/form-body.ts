import type { NextFunction, Request, Response } from 'express';
import { Problems } from './errors';

const FORM_TYPE = 'application/x-www-form-urlencoded';
const LIMIT_BYTES = 100 * 1024;
const MAX_PARAMETERS = 1000;

/** A parsed form: a name sent twice keeps both values, so guards can refuse repeated OAuth parameters. */
export type FormFields = Record<string, string | string[]>;

/**
 * Reads an `application/x-www-form-urlencoded` body into `req.body` (RFC 6749 appendix B). The
 * token, introspection and revocation endpoints take nothing else, on every request; body-parser's
 * general machinery (charset conversion, decompression, qs) cost a few percent of a grant there.
 * Other content types are left alone: the route's guard answers 415 for them.
 */
export function formBody(req: Request, _res: Response, next: NextFunction): void {
  const contentType = req.headers['content-type'];
  if (!contentType || !isForm(contentType)) return next();
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    return next(Problems.unsupportedMediaType(`The charset ${charset} is not supported; send UTF-8.`));
  }
  const encoding = req.headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity') {
    return next(Problems.unsupportedMediaType('Send the form uncompressed.'));
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > LIMIT_BYTES) return next(tooLarge());
  const chunks: Buffer[] = [];
  let size = 0;
  let failed = false;
  req.on('data', (chunk: Buffer) => {
    if (failed) return;
    size += chunk.length;
    if (size > LIMIT_BYTES) {
      failed = true;
      next(tooLarge());
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (failed) return;
    try {
      req.body = parseForm(Buffer.concat(chunks, size).toString('utf8'));
    } catch (e) {
      return next(e);
    }
    next();
  });
  req.on('error', (e) => {
    if (failed) return;
    failed = true;
    next(Problems.badRequest(`The request body could not be read: ${e.message}`));
  });
}

export function parseForm(text: string): FormFields {
  // No prototype: a field named `__proto__` or `constructor` is just a field.
  const fields = Object.create(null) as FormFields;
  let count = 0;
  for (const [name, value] of new URLSearchParams(text)) {
    if (++count > MAX_PARAMETERS)
      throw Problems.payloadTooLarge(`A form may have at most ${MAX_PARAMETERS} fields.`);
    const seen = fields[name];
    if (seen === undefined) fields[name] = value;
    else fields[name] = Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return fields;
}

function isForm(contentType: string): boolean {
  const semicolon = contentType.indexOf(';');
  const type = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return type === FORM_TYPE;
}

const tooLarge = () => Problems.payloadTooLarge(`The body may be at most ${LIMIT_BYTES / 1024} KiB.`);
