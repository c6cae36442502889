import type { Request } from 'express';
import type { KnownDevice } from '@idaas/user-store';
import type { HostedDeps } from './deps';

/**
 * A sign-in that needs no second factor asks for the user's known devices twice in one request:
 * for its risk signals, then to recognise the browser once it completes. Both answers come from
 * one read, kept with the request (a later request, such as the second-factor form, reads again).
 */
const readThisRequest = new WeakMap<Request, Map<string, Promise<KnownDevice[]>>>();

export function knownDevicesOf(
  deps: Pick<HostedDeps, 'devices'>,
  req: Request,
  tenantId: string,
  userId: string,
): Promise<KnownDevice[]> {
  let reads = readThisRequest.get(req);
  if (!reads) {
    reads = new Map();
    readThisRequest.set(req, reads);
  }
  const key = `${tenantId}\u0000${userId}`;
  let devices = reads.get(key);
  if (!devices) {
    devices = deps.devices.devicesOf(tenantId, userId);
    reads.set(key, devices);
  }
  return devices;
}
