import type { AnyRoute } from '@idaas/http';
import type { TenantServiceDeps } from '../deps';
import { deleteTenantRoute, resumeTenantRoute, suspendTenantRoute, updateTenantRoute } from './change-tenant';
import {
  deleteApplicationRoute,
  getApplicationRoute,
  listApplicationsRoute,
  registerApplicationRoute,
  replaceApplicationRoute,
  rotateSecretRoute,
} from './applications';
import { aggregatedJwksRoute } from './aggregated-jwks';
import { eventContractRoutes } from './event-contract';
import {
  createApiResourceRoute,
  deleteApiResourceRoute,
  getApiResourceRoute,
  listApiResourcesRoute,
  replaceApiResourceRoute,
} from './api-resources';
import {
  createRoleRoute,
  deleteRoleRoute,
  getAssignmentsRoute,
  getRoleRoute,
  listRolesRoute,
  putAssignmentsRoute,
  replaceRoleRoute,
} from './roles';
import { createTenantRoute } from './create-tenant';
import {
  createGroupRoute,
  deleteGroupRoute,
  effectivePolicyRoute,
  getGroupRoute,
  replaceGroupRoute,
  getPolicyRoute,
  listGroupsRoute,
  putPolicyRoute,
} from './policies';
import { getApplicationPolicyRoute, putApplicationPolicyRoute } from './application-policy';
import { getTenantRoute } from './get-tenant';
import { listTenantsRoute } from './list-tenants';
import { webhookRoutes } from './webhooks';
import { getBrandingRoute, putBrandingRoute } from './branding';
import {
  deleteTemplateRoute,
  getTemplateRoute,
  listTemplatesRoute,
  previewTemplateRoute,
  putTemplateRoute,
} from './templates';

export function tenantRoutes(deps: TenantServiceDeps): AnyRoute[] {
  return [
    createTenantRoute(deps),
    listTenantsRoute(deps),
    getTenantRoute(deps),
    updateTenantRoute(deps),
    suspendTenantRoute(deps),
    resumeTenantRoute(deps),
    deleteTenantRoute(deps),
    registerApplicationRoute(deps),
    listApplicationsRoute(deps),
    getApplicationRoute(deps),
    replaceApplicationRoute(deps),
    rotateSecretRoute(deps),
    deleteApplicationRoute(deps),
    getPolicyRoute(deps),
    putPolicyRoute(deps),
    createGroupRoute(deps),
    listGroupsRoute(deps),
    getGroupRoute(deps),
    replaceGroupRoute(deps),
    deleteGroupRoute(deps),
    effectivePolicyRoute(deps),
    getApplicationPolicyRoute(deps),
    putApplicationPolicyRoute(deps),
    createApiResourceRoute(deps),
    listApiResourcesRoute(deps),
    getApiResourceRoute(deps),
    replaceApiResourceRoute(deps),
    deleteApiResourceRoute(deps),
    createRoleRoute(deps),
    listRolesRoute(deps),
    getRoleRoute(deps),
    replaceRoleRoute(deps),
    deleteRoleRoute(deps),
    getAssignmentsRoute(deps),
    putAssignmentsRoute(deps),
    getBrandingRoute(deps),
    putBrandingRoute(deps),
    listTemplatesRoute(deps),
    getTemplateRoute(deps),
    putTemplateRoute(deps),
    deleteTemplateRoute(deps),
    previewTemplateRoute(deps),
    aggregatedJwksRoute(deps),
    ...eventContractRoutes(),
    ...webhookRoutes(deps),
  ];
}
