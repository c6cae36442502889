/** Strings of the account pages (the user's own passkeys), merged into the hosted pages' catalog. */
export const accountEn = {
  'account.passkeys_title': 'Your passkeys',
  'account.passkeys_explain':
    'Passkeys let you sign in to {product} with your fingerprint, face, screen lock or security key.',
  'account.none': 'You have no passkeys yet.',
  'account.created': 'Added {date}',
  'account.last_used': 'last used {date}',
  'account.never_used': 'not used yet',
  'account.remove': 'Remove',
  'account.remove_named': 'Remove {label}',
  'account.add_heading': 'Add a passkey',
  'account.add_button': 'Add a passkey',
  'account.added': 'The passkey was added.',
  'account.removed': 'The passkey was removed.',
  'account.last_factor':
    'This is your only way to confirm sign-ins besides your password. If you remove it, you will be asked to set up a new one at your next sign-in.',
  'account.limit': 'You have {max} passkeys, the most allowed. Remove one to add another.',
  'account.unavailable': 'Passkeys cannot be added here.',
  'account.exists': 'This passkey is already registered.',
  'account.not_found': 'This passkey is not one of yours (any more).',
  'account.recent_second_factor':
    'For your security, changing passkeys needs a sign-in with your second factor within the last {minutes} minutes.',
  'account.recent_sign_in':
    'For your security, changing passkeys needs a sign-in within the last {minutes} minutes.',
  'account.sign_in_again': 'Sign out, sign in again through your application, then come back to this page.',
  'account.sign_out': 'Sign out',
  'account.sign_in_first_title': 'Sign in first',
  'account.sign_in_first':
    'You are not signed in to {product} in this browser. Sign in through your application, then open this page again.',
};

export const accountDe: Record<keyof typeof accountEn, string> = {
  'account.passkeys_title': 'Ihre Passkeys',
  'account.passkeys_explain':
    'Mit Passkeys melden Sie sich bei {product} per Fingerabdruck, Gesicht, Bildschirmsperre oder Sicherheitsschlüssel an.',
  'account.none': 'Sie haben noch keine Passkeys.',
  'account.created': 'Hinzugefügt am {date}',
  'account.last_used': 'zuletzt verwendet am {date}',
  'account.never_used': 'noch nicht verwendet',
  'account.remove': 'Entfernen',
  'account.remove_named': '{label} entfernen',
  'account.add_heading': 'Passkey hinzufügen',
  'account.add_button': 'Passkey hinzufügen',
  'account.added': 'Der Passkey wurde hinzugefügt.',
  'account.removed': 'Der Passkey wurde entfernt.',
  'account.last_factor':
    'Dies ist neben Ihrem Passwort Ihre einzige Bestätigung bei der Anmeldung. Wenn Sie ihn entfernen, werden Sie bei der nächsten Anmeldung gebeten, eine neue einzurichten.',
  'account.limit':
    'Sie haben {max} Passkeys, die Höchstzahl. Entfernen Sie einen, um einen weiteren hinzuzufügen.',
  'account.unavailable': 'Passkeys können hier nicht hinzugefügt werden.',
  'account.exists': 'Dieser Passkey ist bereits registriert.',
  'account.not_found': 'Dieser Passkey gehört (nicht mehr) zu Ihrem Konto.',
  'account.recent_second_factor':
    'Zu Ihrer Sicherheit müssen Sie sich in den letzten {minutes} Minuten mit Ihrem zweiten Faktor angemeldet haben, um Passkeys zu ändern.',
  'account.recent_sign_in':
    'Zu Ihrer Sicherheit müssen Sie sich in den letzten {minutes} Minuten angemeldet haben, um Passkeys zu ändern.',
  'account.sign_in_again':
    'Melden Sie sich ab, melden Sie sich über Ihre Anwendung erneut an und kehren Sie dann zu dieser Seite zurück.',
  'account.sign_out': 'Abmelden',
  'account.sign_in_first_title': 'Zuerst anmelden',
  'account.sign_in_first':
    'Sie sind in diesem Browser nicht bei {product} angemeldet. Melden Sie sich über Ihre Anwendung an und öffnen Sie diese Seite dann erneut.',
};
