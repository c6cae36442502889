import type { AnyRoute } from '@idaas/http';
import { defineRoute } from '@idaas/http';
import type { MongoKnownDevices } from '@idaas/user-store';
import { sessionOwner, type MeSessionDeps } from './me-sessions';
import { activeTenant, tenantParams } from './tenant-step';

type MeDeviceDeps = MeSessionDeps & { devices: Pick<MongoKnownDevices, 'forgetMfaRemembered'> };

/**
 * The user's own "remember this device" choices, served beside `/me/sessions` because the known
 * devices are written by this service's sign-in. One call forgets them all: a user who lost a
 * laptop wants every browser to ask for the second factor again, without naming the lost one.
 */
export const meRememberedDeviceRoutes = (deps: MeDeviceDeps): AnyRoute[] => [
  defineRoute({
    method: 'delete',
    path: '/t/:tenant/me/remembered-devices',
    operationId: 'forgetMyRememberedDevices',
    summary: 'Every browser of the signed-in user asks for the second factor again',
    tags: ['me'],
    security: ['openid'],
    params: tenantParams,
    responses: {
      204: { description: 'Forgotten (also when none was remembered)' },
      401: { description: 'No valid user access token of this tenant' },
      404: { description: 'No such tenant' },
    },
    handler: async ({ params, req }) => {
      const tenant = activeTenant(deps, params.tenant, 'problem');
      const userId = await sessionOwner(deps, tenant, req);
      await deps.devices.forgetMfaRemembered(tenant.tenantId, userId);
      return { status: 204, headers: { 'Cache-Control': 'no-store' } };
    },
  }),
];
