import {
  UserCredentialsRevokedV1,
  UserLockedV1,
  UserMfaChangedV1,
  UserRegisteredV1,
  UserSignInNewDeviceV1,
  UserStateChangedV1,
  type CloudEvent,
  type EventData,
  type EventType,
} from '@idaas/events';
import type { User } from '@idaas/identity';
import type { MessageKind, MessageValues } from '@idaas/messages';
import { mfaChangeValues } from './mfa-change-values';

/**
 * One row of the table below: an event of `event`'s type sends a message of `kind` when `when`
 * holds, with `values` from the event and the recipient's user record (events carry ids only);
 * the whole event is there for its time, when the data has none of its own.
 */
export interface EmailTrigger<E extends EventType = EventType> {
  event: E;
  kind: MessageKind;
  when?: (data: EventData<E>, user: User) => boolean;
  values: (data: EventData<E>, user: User, event: CloudEvent) => MessageValues;
}

/** Keeps each row's callbacks typed by its own event while the table holds them all. */
function trigger<E extends EventType>(row: EmailTrigger<E>): EmailTrigger {
  return row as unknown as EmailTrigger;
}

/** `2030-01-01 12:15 UTC`: one unambiguous form for every locale until templates format dates. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const ACTIVATING_TRANSITIONS = new Set(['verifyEmail', 'acceptInvite']);

/**
 * Which events send which message. Issue 5's verification, invitation and recovery events plug
 * in as new rows; one event may match several rows (the record is unique per event and kind).
 */
export const EMAIL_TRIGGERS: readonly EmailTrigger[] = [
  trigger({
    event: UserLockedV1,
    kind: 'account_locked',
    // An admin lock has no end; the admin who set it tells the user, so no email promises a time.
    when: (data, user) => Boolean(data.lockedUntil ?? user.lockedUntil),
    values: (data, user) => {
      const until = data.lockedUntil ? new Date(data.lockedUntil) : user.lockedUntil;
      return { unlockAt: until ? formatUtc(until) : '' };
    },
  }),
  trigger({
    event: UserRegisteredV1,
    kind: 'welcome',
    // Users who still have to verify or accept get their welcome when they become active.
    when: (data) => data.status === 'active',
    values: () => ({}),
  }),
  trigger({
    event: UserStateChangedV1,
    kind: 'welcome',
    when: (data) => ACTIVATING_TRANSITIONS.has(data.transition) && data.to === 'active',
    values: () => ({}),
  }),
  // Every new password (recovery, with or without completing a forced reset, and change) revokes
  // the old credentials with this one event, so it is the one place the notice is sent from.
  trigger({
    event: UserCredentialsRevokedV1,
    kind: 'password_changed',
    values: () => ({}),
  }),
  // There is no geo-IP lookup in the platform, so `location` stays empty and the template's
  // `{{#if location}}` leaves the place out rather than claiming "near unknown".
  trigger({
    event: UserSignInNewDeviceV1,
    kind: 'new_device_sign_in',
    values: (data) => ({ device: data.device, time: formatUtc(new Date(data.at)) }),
  }),
  // Recovery codes are removed only along with the last second factor (SecondFactorRemoval), and
  // that factor's own email tells of the removal: a second email would only say it again.
  trigger({
    event: UserMfaChangedV1,
    kind: 'mfa_changed',
    when: (data) => !(data.method === 'recovery_code' && data.change === 'removed'),
    values: (data, _user, event) => mfaChangeValues(data, formatUtc(new Date(event.time))),
  }),
];

/** The rows of one event type, for the consumer's handler of that type. */
export function triggersOf(type: string): EmailTrigger[] {
  return EMAIL_TRIGGERS.filter((t) => t.event.type === type);
}

export function triggeredEventTypes(): string[] {
  return [...new Set(EMAIL_TRIGGERS.map((t) => t.event.type))];
}
