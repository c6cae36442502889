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
import { getTenantRoute } from './get-tenant';
import { listTenantsRoute } from './list-tenants';

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
    aggregatedJwksRoute(deps),
  ];
}
