import { defineRoute, Problems, type AnyRoute } from '@idaas/http';
import type { LifecycleDeps } from '../deps';
import { ADMIN_STEPS } from '../lifecycle/user-lifecycle';
import { adminTenant, adminUserView, asProblem, denied, toAdminUserView, userParams } from './admin-steps';

const base = { tags: ['user lifecycle'] };
const USER_PATH = '/admin/tenants/:tenantId/users/:userId';
const illegal = { 409: { description: 'Illegal transition from the current state (see the state table)' } };

const getUserRoute = (deps: LifecycleDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'get',
    path: USER_PATH,
    operationId: 'getUserLifecycle',
    summary: "A user's lifecycle state (tombstones included)",
    security: ['users:read'],
    params: userParams,
    responses: { 200: { description: 'The user', schema: adminUserView }, ...denied },
    handler: async ({ params, req }) => {
      await adminTenant(deps, req, params.tenantId, 'users:read');
      const user = await deps.users.findById(params.tenantId, params.userId);
      if (!user) throw Problems.notFound('No such user.');
      return { status: 200, body: toAdminUserView(user) };
    },
  });

const stepRoutes = (deps: LifecycleDeps): AnyRoute[] =>
  Object.entries(ADMIN_STEPS).map(([segment, transition]) =>
    defineRoute({
      ...base,
      method: 'post',
      path: `${USER_PATH}/${segment}`,
      operationId: `user_${transition}`,
      summary: `Run the lifecycle transition ${transition}; one event`,
      security: ['users:write'],
      params: userParams,
      responses: {
        200: { description: 'The user after the step', schema: adminUserView },
        ...illegal,
        ...denied,
      },
      handler: async ({ params, req }) => {
        await adminTenant(deps, req, params.tenantId, 'users:write');
        const user = await asProblem(() => deps.lifecycle[transition](params.tenantId, params.userId));
        return { status: 200, body: toAdminUserView(user) };
      },
    }),
  );

const eraseUserRoute = (deps: LifecycleDeps): AnyRoute =>
  defineRoute({
    ...base,
    method: 'delete',
    path: USER_PATH,
    operationId: 'eraseUser',
    summary: 'Erase a user: personal data erased, tombstone kept, idaas.user.state_changed.v1 (delete)',
    security: ['users:write'],
    params: userParams,
    responses: { 204: { description: 'Erased' }, ...illegal, ...denied },
    handler: async ({ params, req }) => {
      await adminTenant(deps, req, params.tenantId, 'users:write');
      await asProblem(() => deps.lifecycle.erase(params.tenantId, params.userId));
      return { status: 204 };
    },
  });

export const adminUserRoutes = (deps: LifecycleDeps): AnyRoute[] => [
  getUserRoute(deps),
  ...stepRoutes(deps),
  eraseUserRoute(deps),
];
