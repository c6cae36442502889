import { z } from 'zod';
import { asyncApiDocument, catalog, eventJsonSchema } from '@idaas/events';
import { defineRoute, Problems, type AnyRoute } from '@idaas/http';

const jsonDocument = z.record(z.string(), z.unknown());

/**
 * The published event contract, generated from `libs/events` at start: public, because
 * integrators build consumers from it before they hold any credentials.
 */
export function eventContractRoutes(): AnyRoute[] {
  const asyncapi = asyncApiDocument(catalog);
  return [
    defineRoute({
      method: 'get',
      path: '/events/asyncapi.json',
      operationId: 'getEventsAsyncApi',
      summary: 'AsyncAPI 3.0 document of every event the platform publishes (topics, types, payloads)',
      tags: ['events'],
      responses: { 200: { description: 'AsyncAPI 3.0 document', schema: jsonDocument } },
      handler: async () => ({
        status: 200,
        headers: { 'Cache-Control': 'public, max-age=300' },
        body: asyncapi,
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/events/schemas/:type.json',
      operationId: 'getEventJsonSchema',
      summary: 'JSON Schema (2020-12) of one event type: the CloudEvent envelope with its data',
      tags: ['events'],
      params: z.object({
        type: z.string().regex(/^idaas\.[a-z0-9_.]+\.v[0-9]+$/, 'must look like idaas.<context>.<name>.v<N>'),
      }),
      responses: {
        200: { description: 'JSON Schema of the event type', schema: jsonDocument },
        404: { description: 'No such event type' },
      },
      handler: async ({ params }) => {
        const type = catalog.get(params.type);
        if (!type) throw Problems.notFound('No such event type.');
        return {
          status: 200,
          headers: { 'Cache-Control': 'public, max-age=300' },
          body: eventJsonSchema(type),
        };
      },
    }),
  ];
}
