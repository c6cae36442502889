import { pageCatalog } from '@idaas/pages';

/** The recovery pages' strings; other locales fall back to English key by key. */
export const recoveryStrings = pageCatalog(
  {
    'recovery.title': 'Reset your password',
    'recovery.explain': 'Enter the email address of your account. We will send you a link and a code.',
    'recovery.email': 'Email',
    'recovery.submit': 'Send the email',
    'recovery.sent':
      'If the address has an account that can be recovered, an email with a link and a code is on its way. It is valid for 15 minutes.',
    'recovery.too_soon': 'Please wait a minute before asking for another email.',
    'recovery.choose': 'Choose a new password',
    'recovery.password': 'New password',
    'recovery.password_hint': 'At least {min} characters. A long phrase is easy to remember.',
    'recovery.set': 'Set password',
    'recovery.done': 'Your password is changed and every other session is signed out. You can sign in now.',
    'recovery.failed': 'This link is wrong, expired or was already used. Ask for a new email.',
    'recovery.errors': 'Please correct the marked fields.',
  },
  {
    de: {
      'recovery.title': 'Passwort zurücksetzen',
      'recovery.submit': 'E-Mail senden',
      'recovery.set': 'Passwort festlegen',
    },
  },
);

export type RecoveryKey = Parameters<ReturnType<typeof recoveryStrings.translator>>[0];
