import type { Request, Response } from 'express';
import type { TenantView } from '@idaas/replica';
import { deviceLabel, recogniseDevice, type DeviceRecognition } from '../domain/device';
import { readCookie } from './cookies';
import { DEVICE_COOKIE, deviceHashOf, newDeviceSecret, setDeviceCookie } from './device-cookie';
import type { HostedDeps } from './deps';
import { knownDevicesOf } from './known-devices-of';

/** A cookie value we could have issued (base64url of 32 bytes); anything else counts as none. */
export const DEVICE_SECRET = /^[A-Za-z0-9_-]{43}$/;

/** The browser's device secret: the cookie it presented (one we could have issued), else a new one. */
export interface SignInBrowser {
  secret: string;
  /** False: the secret is new, and the browser gets it as its device cookie at the sign-in. */
  presented: boolean;
}

export function signInBrowser(req: Request): SignInBrowser {
  const presented = readCookie(req, DEVICE_COOKIE);
  return presented && DEVICE_SECRET.test(presented)
    ? { secret: presented, presented: true }
    : { secret: newDeviceSecret(), presented: false };
}

/**
 * At a completed sign-in: is this browser one of the user's devices? A new one is recorded (and,
 * when the user already had others, announced by `idaas.user.signin.new_device.v1`, which the
 * notification service mails); a browser without a device cookie gets `browser`'s new one.
 */
export async function recogniseSignInDevice(
  deps: Pick<HostedDeps, 'devices' | 'clock' | 'issuerOf'>,
  req: Request,
  res: Response,
  tenant: TenantView,
  userId: string,
  browser: SignInBrowser,
  /** The second factor is not asked again on this browser until then ("remember this device"). */
  mfaRememberedUntil?: Date,
): Promise<DeviceRecognition> {
  const secret = browser.presented ? browser.secret : undefined;
  const now = deps.clock();
  const known = await knownDevicesOf(deps, req, tenant.tenantId, userId);
  const deviceHash = secret === undefined ? undefined : deviceHashOf(secret);
  const recognition = recogniseDevice(
    deviceHash,
    known.map((d) => d.deviceHash),
  );
  if (recognition === 'known' && deviceHash !== undefined) {
    await deps.devices.touch(tenant.tenantId, userId, deviceHash, now);
    if (mfaRememberedUntil)
      await deps.devices.rememberMfa(tenant.tenantId, userId, deviceHash, mfaRememberedUntil);
    return recognition;
  }
  // The cookie names the browser for every user of the tenant: another user's cookie is kept.
  const issued = browser.secret;
  await deps.devices.remember(
    tenant.tenantId,
    userId,
    { deviceHash: deviceHashOf(issued), label: deviceLabel(req.get('user-agent')) },
    now,
    recognition === 'new',
  );
  if (mfaRememberedUntil)
    await deps.devices.rememberMfa(tenant.tenantId, userId, deviceHashOf(issued), mfaRememberedUntil);
  if (!browser.presented) setDeviceCookie(res, deps.issuerOf(tenant), issued);
  return recognition;
}
