import type { z } from 'zod';
import { Problems, type FieldError } from './errors';

/** Parses one part of the request; a failure names each offending field, e.g. `body.slug`. */
export function parsePart<S extends z.ZodType>(
  part: 'params' | 'query' | 'body',
  schema: S | undefined,
  value: unknown,
): z.output<S> {
  if (!schema) return undefined as z.output<S>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((issue) => ({
    field: [part, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw Problems.validation(errors);
}
