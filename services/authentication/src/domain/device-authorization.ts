/**
 * A device authorization request (RFC 8628) from the device's first call to its tokens: the
 * device polls the token endpoint while the user approves or denies it on another device.
 *
 * ```mermaid
 * stateDiagram-v2
 *   [*] --> pending: device authorization request
 *   pending --> approved: the user allowed it on the verification page
 *   pending --> denied: the user denied it
 *   approved --> redeemed: the device's poll got the tokens (once)
 *   redeemed --> [*]
 *   denied --> [*]
 * ```
 *
 * Any state but `redeemed` ends at `expiresAt`: a poll after it is `expired_token`.
 */
export type DeviceAuthorizationStatus = 'pending' | 'approved' | 'denied' | 'redeemed';

export const DEVICE_AUTHORIZATION_TRANSITIONS: Record<
  DeviceAuthorizationStatus,
  readonly DeviceAuthorizationStatus[]
> = {
  pending: ['approved', 'denied'],
  approved: ['redeemed'],
  denied: [],
  redeemed: [],
};

/** Ten minutes to find a browser, sign in and confirm (RFC 8628 section 3.2 leaves it to us). */
export const DEVICE_CODE_LIFETIME_SECONDS = 10 * 60;

/** Seconds between polls unless told to slow down (the RFC's default, section 3.2). */
export const DEVICE_POLL_INTERVAL_SECONDS = 5;

/** What `slow_down` adds to the interval, for that poll and all after it (section 3.5). */
export const SLOW_DOWN_SECONDS = 5;

/** Who approved, with the sign-in the tokens will carry. */
export interface DeviceApproval {
  userId: string;
  sessionId: string;
  authTime: Date;
  amr: string[];
  acr?: string;
}

export interface DeviceAuthorization {
  /** Hash of the device code: the database never holds a code that can be polled with. */
  id: string;
  tenantId: string;
  /** The client that asked, authenticated: the only one that may poll. */
  clientId: string;
  scope: string[];
  status: DeviceAuthorizationStatus;
  intervalSeconds: number;
  lastPolledAt?: Date;
  expiresAt: Date;
  approval?: DeviceApproval;
}

/** The answer to one poll of the token endpoint (RFC 8628 section 3.5), and what it changes. */
export type PollOutcome =
  | { answer: 'authorization_pending'; polledAt: Date }
  | { answer: 'slow_down'; polledAt: Date; intervalSeconds: number }
  | { answer: 'access_denied' }
  | { answer: 'expired_token' }
  /** Already redeemed: the device code is used up. */
  | { answer: 'invalid_grant' }
  | { answer: 'approved'; approval: DeviceApproval; id: string; scope: string[] };

/**
 * One poll, judged against `now`. A device polling before its interval is up is told to slow
 * down, and its interval grows for good; a well-behaved one hears `authorization_pending` until
 * the user decides. Every poll of a pending request counts as its last, so a device ignoring
 * `slow_down` keeps being slowed down.
 */
export function pollOutcome(a: DeviceAuthorization, now: Date): PollOutcome {
  if (a.status === 'redeemed') return { answer: 'invalid_grant' };
  // https://www.rfc-editor.org/rfc/rfc8628#section-3.5: past its lifetime the code is expired_token.
  if (now.getTime() >= a.expiresAt.getTime()) return { answer: 'expired_token' };
  if (a.status === 'denied') return { answer: 'access_denied' };
  if (a.status === 'approved' && a.approval)
    return { answer: 'approved', approval: a.approval, id: a.id, scope: a.scope };
  const tooSoon =
    a.lastPolledAt !== undefined && now.getTime() - a.lastPolledAt.getTime() < a.intervalSeconds * 1000;
  if (tooSoon)
    return { answer: 'slow_down', polledAt: now, intervalSeconds: a.intervalSeconds + SLOW_DOWN_SECONDS };
  return { answer: 'authorization_pending', polledAt: now };
}

/** Whether the user may still approve or deny it on the verification page. */
export const awaitsUser = (a: DeviceAuthorization, now: Date): boolean =>
  a.status === 'pending' && now.getTime() < a.expiresAt.getTime();
