import { createHash, randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { attributes } from './cookies';

export const DEVICE_COOKIE = 'idaas_device';

/** 400 days: the longest lifetime browsers honour (RFC 6265bis caps Max-Age there). */
const DEVICE_COOKIE_MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

/** A fresh device secret: 256 random bits, base64url. Only its hash is stored. */
export const newDeviceSecret = (): string => randomBytes(32).toString('base64url');

export const deviceHashOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/**
 * Long-lived and scoped like the SSO cookie (the tenant's path, HttpOnly, SameSite=Lax, Secure on
 * https): it names the browser, not a session, so it outlives sign-outs.
 */
export function setDeviceCookie(res: Response, issuer: string, secret: string): void {
  res.append(
    'Set-Cookie',
    `${DEVICE_COOKIE}=${secret}; Max-Age=${DEVICE_COOKIE_MAX_AGE_SECONDS}; ${attributes(issuer)}`,
  );
}
