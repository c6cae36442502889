import { z } from 'zod';
import type { AnyRoute } from './route';

export interface ApiInfo {
  title: string;
  version: string;
  description?: string;
}

const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

const problemSchema = {
  type: 'object',
  description: 'RFC 7807 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
  required: ['type', 'title', 'status', 'code'],
};

function parameters(route: AnyRoute): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const json = toJsonSchema(schema, 'input') as {
      properties?: Record<string, unknown>;
      required?: string[];
    };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema: prop,
      });
    }
  }
  return out;
}

/** OpenAPI 3.1 built from the route guards. */
export function buildOpenApi(info: ApiInfo, routes: readonly AnyRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      const type =
        spec.contentType ?? (Number(status) >= 400 ? 'application/problem+json' : 'application/json');
      const schema = spec.schema
        ? toJsonSchema(spec.schema, 'output')
        : Number(status) >= 400
          ? problemSchema
          : undefined;
      responses[status] = {
        description: spec.description,
        ...(schema ? { content: { [type]: { schema } } } : {}),
      };
    }
    responses['400'] ??= {
      description: 'Invalid input',
      content: { 'application/problem+json': { schema: problemSchema } },
    };
    const bodyTypes = route.bodyTypes ?? ['json'];
    paths[path] ??= {};
    paths[path][route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.tags ? { tags: route.tags } : {}),
      parameters: parameters(route),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(
                bodyTypes.map((t) => [
                  t === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
                  { schema: toJsonSchema(route.body as z.ZodType, 'input') },
                ]),
              ),
            },
          }
        : {}),
      responses,
      ...(route.security ? { security: [{ bearerAuth: route.security }] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  };
}
