import type { EventData, MfaChangeKind, MfaChangeMethod, UserMfaChangedV1 } from '@idaas/events';
import type { MessageValues } from '@idaas/messages';

// Every pair the event allows has words, so a new producer never sends an email with a blank.
const WORDS: Record<MfaChangeMethod, Record<MfaChangeKind, string>> = {
  totp: {
    enrolled: 'An authenticator app was added',
    removed: 'An authenticator app was removed',
    regenerated: 'An authenticator app was set up again',
  },
  webauthn: {
    enrolled: 'A passkey or security key was added',
    removed: 'A passkey or security key was removed',
    regenerated: 'A passkey or security key was set up again',
  },
  recovery_code: {
    enrolled: 'Recovery codes were created',
    removed: 'Your recovery codes were removed',
    regenerated: 'New recovery codes were created, and the old ones no longer work',
  },
};

const yes = (holds: boolean): string => (holds ? 'yes' : '');

/**
 * The `mfa_changed` message's values for one change: the English sentence and the flags a
 * template in another language builds its own sentence from. Only method, change and actor:
 * the event carries no label or credential id, and the email must not either.
 */
export function mfaChangeValues(data: EventData<typeof UserMfaChangedV1>, time: string): MessageValues {
  return {
    change: WORDS[data.method][data.change],
    authenticatorApp: yes(data.method === 'totp'),
    passkey: yes(data.method === 'webauthn'),
    recoveryCodes: yes(data.method === 'recovery_code'),
    added: yes(data.change === 'enrolled'),
    removed: yes(data.change === 'removed'),
    regenerated: yes(data.change === 'regenerated'),
    // Events from before `actor` existed were all the user's own.
    byAdmin: yes(data.actor === 'admin'),
    time,
  };
}
