import type { Request } from 'express';
import type { Policy } from '@idaas/events';
import { recentFailureCount, type SignInRisk } from '@idaas/identity';
import type { TenantView } from '@idaas/replica';
import { recogniseDevice } from '../domain/device';
import { readCookie } from './cookies';
import { DEVICE_COOKIE, deviceHashOf } from './device-cookie';
import type { HostedDeps } from './deps';
import { knownDevicesOf } from './known-devices-of';
import { DEVICE_SECRET } from './recognise-device';

type RiskDeps = Pick<HostedDeps, 'devices' | 'countries' | 'trustedCountryHeader' | 'clock'>;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The client's country as the trusted proxy reports it, upper-cased; none without a configured
 * header, or for the codes proxies use for "unknown" and Tor (Cloudflare's `XX` and `T1`).
 */
export function countryOf(req: Request, header: string): string | undefined {
  if (!header) return undefined;
  const value = req.get(header)?.trim().toUpperCase();
  return value && /^[A-Z]{2}$/.test(value) && value !== 'XX' ? value : undefined;
}

/**
 * This sign-in's signals for `decideMfa`, read after the password and before the decision. It
 * writes nothing: the device and the country are recorded only once the sign-in completes
 * (`recogniseSignInDevice`, `recordSignInCountry`), so a sign-in that fails the second factor
 * does not make the next attempt from the same place look familiar.
 */
export async function signInRiskOf(
  deps: RiskDeps,
  req: Request,
  tenant: TenantView,
  userId: string,
  mfa: Policy['mfa'],
  priorFailures?: { count: number; lastAt?: Date },
): Promise<SignInRisk> {
  const now = deps.clock();
  const presented = readCookie(req, DEVICE_COOKIE);
  const deviceHash = presented && DEVICE_SECRET.test(presented) ? deviceHashOf(presented) : undefined;
  const known = await knownDevicesOf(deps, req, tenant.tenantId, userId);
  const device = known.find((d) => d.deviceHash === deviceHash);
  const until = device?.mfaRememberedUntil?.getTime() ?? 0;
  // The policy in force now bounds a remembered browser: 0 days forgets every one, and a shorter
  // period asks again on browsers remembered for longer than it allows.
  const rememberedDevice =
    mfa.rememberDeviceDays > 0 &&
    until > now.getTime() &&
    until <= now.getTime() + mfa.rememberDeviceDays * DAY_MS;
  const country = countryOf(req, deps.trustedCountryHeader);
  const lastCountry = country ? await deps.countries.lastCountryOf(tenant.tenantId, userId) : undefined;
  return {
    newDevice:
      recogniseDevice(
        deviceHash,
        known.map((d) => d.deviceHash),
      ) === 'new',
    ...(country ? { newCountry: lastCountry !== undefined && lastCountry !== country } : {}),
    recentFailures: recentFailureCount(priorFailures, now),
    rememberedDevice,
  };
}

/** After a completed sign-in: its country becomes the user's usual one (when there is a signal). */
export async function recordSignInCountry(
  deps: Pick<RiskDeps, 'countries' | 'trustedCountryHeader' | 'clock'>,
  req: Request,
  tenant: TenantView,
  userId: string,
): Promise<void> {
  const country = countryOf(req, deps.trustedCountryHeader);
  if (country) await deps.countries.record(tenant.tenantId, userId, country, deps.clock());
}
