import { z } from 'zod';
import { defineRoute, ScimErrors, type AnyRoute } from '@idaas/http';
import type { LifecycleDeps } from '../deps';
import { resourceTypes, schemas, serviceProviderConfig } from '../scim/discovery';
import { LIST_RESPONSE } from '../scim/schemas';
import { denied, SCIM_BASE, SCIM_JSON, scimResult, scimRoute, scimTenant, tenantParams } from './scim-steps';

const baseOf = (deps: LifecycleDeps, tenantId: string) => `${deps.baseUrl()}/scim/v2/tenants/${tenantId}`;
const list = (resources: unknown[]) => ({
  schemas: [LIST_RESPONSE],
  totalResults: resources.length,
  startIndex: 1,
  itemsPerPage: resources.length,
  Resources: resources,
});

/** RFC 7644 section 4: discovery, behind the same guard as the resources (tenant isolation everywhere). */
export const scimDiscoveryRoutes = (deps: LifecycleDeps): AnyRoute[] => {
  const documents = [
    { name: 'ServiceProviderConfig', build: (base: string) => serviceProviderConfig(base) },
    { name: 'ResourceTypes', build: (base: string) => list(resourceTypes(base)) },
    { name: 'Schemas', build: (base: string) => list(schemas(base)) },
  ];
  const byId = [
    { name: 'ResourceTypes', all: resourceTypes },
    { name: 'Schemas', all: schemas },
  ];
  return [
    ...documents.map((d) =>
      defineRoute({
        ...scimRoute,
        method: 'get',
        path: `${SCIM_BASE}/${d.name}`,
        operationId: `scim${d.name}`,
        summary: `SCIM ${d.name} (RFC 7644 section 4)`,
        security: ['users:read'],
        params: tenantParams,
        responses: { 200: { description: d.name, contentType: SCIM_JSON }, ...denied },
        handler: async ({ params, req }) => {
          await scimTenant(deps, req, params.tenantId, 'users:read');
          return scimResult(200, d.build(baseOf(deps, params.tenantId)));
        },
      }),
    ),
    ...byId.map((d) =>
      defineRoute({
        ...scimRoute,
        method: 'get',
        path: `${SCIM_BASE}/${d.name}/:id`,
        operationId: `scimOne${d.name}`,
        summary: `One of the SCIM ${d.name}`,
        security: ['users:read'],
        params: tenantParams.extend({ id: z.string().min(1).max(200) }),
        responses: { 200: { description: d.name, contentType: SCIM_JSON }, ...denied },
        handler: async ({ params, req }) => {
          await scimTenant(deps, req, params.tenantId, 'users:read');
          const found = d.all(baseOf(deps, params.tenantId)).find((r) => r.id === params.id);
          if (!found) throw ScimErrors.notFound(`No ${d.name} ${params.id}.`);
          return scimResult(200, found);
        },
      }),
    ),
  ];
};
