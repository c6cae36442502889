/** Strings of the account pages (sign-in security overview, the user's own passkeys), merged into the hosted pages' catalog. */
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
  'security.title': 'Sign-in security',
  'security.explain':
    'How you sign in to {product}: your second factors, your recovery codes and the browsers that skip the second factor.',
  'security.app_heading': 'Authenticator app',
  'security.app_enrolled': 'Set up {date}',
  'security.app_none':
    'Not set up. You will be asked to set one up at your next sign-in if your organisation requires it.',
  'security.app_remove': 'Remove the authenticator app',
  'security.app_removed': 'The authenticator app was removed.',
  'security.app_not_found': 'You have no authenticator app (any more).',
  'security.app_set_up': 'Set up an authenticator app',
  'security.app_setup_title': 'Set up an authenticator app',
  'security.app_added':
    'The authenticator app is set up: sign-ins that ask for a second factor accept its codes.',
  'security.app_codes_shown_once':
    'These recovery codes come with it. Keep them somewhere safe: they are shown only this once. Any codes you had before no longer work.',
  'security.app_exists': 'You already have an authenticator app. Remove it first to set up another one.',
  'security.app_unavailable': 'Authenticator apps cannot be set up here.',
  'security.app_last_factor':
    'This is your only second factor. If you remove it, your recovery codes go too, and you will be asked to set up a new one at your next sign-in.',
  'security.passkeys_heading': 'Passkeys and security keys',
  'security.passkeys_count': 'Registered: {count}',
  'security.passkeys_manage': 'Manage passkeys and security keys',
  'security.codes_heading': 'Recovery codes',
  'security.codes_explain':
    'Each code signs you in once when you cannot use your second factor. New codes replace the old ones.',
  'security.codes_left': 'Codes left: {remaining}, created {date}.',
  'security.codes_none': 'You have no recovery codes.',
  'security.codes_create': 'Create new codes',
  'security.codes_need_factor':
    'Recovery codes come with a second factor: you can create them once you have an authenticator app or a passkey.',
  'security.codes_title': 'Your new recovery codes',
  'security.codes_shown_once':
    'Keep these codes somewhere safe: they are shown only this once. Your old codes no longer work.',
  'security.browsers_heading': 'Remembered browsers',
  'security.browsers_count': 'Browsers that skip the second factor: {count}.',
  'security.browsers_none': 'No browser skips the second factor.',
  'security.browsers_forget': 'Forget all browsers',
  'security.browsers_forgotten': 'Every browser will ask for your second factor again.',
  'security.recent_second_factor':
    'For your security, changing how you sign in needs a sign-in with your second factor within the last {minutes} minutes.',
  'security.recent_sign_in':
    'For your security, changing how you sign in needs a sign-in within the last {minutes} minutes.',
  'security.back_to_overview': 'Back to sign-in security',
  'security.sessions_heading': 'Where you’re signed in',
  'security.sessions_manage': 'See where you’re signed in',
  'sessions.title': 'Where you’re signed in',
  'sessions.explain':
    'The browsers signed in to {product} with your account. Signing a browser out also signs it out of the applications it signed in to.',
  'sessions.list_heading': 'Signed-in browsers',
  'sessions.this_browser': 'this browser',
  'sessions.unknown_device': 'A browser',
  'sessions.signed_in': 'Signed in {date}',
  'sessions.ways': 'with {ways}',
  'sessions.way_password': 'password',
  'sessions.way_passkey': 'passkey or security key',
  'sessions.way_one_time_code': 'one-time code',
  'sessions.way_recovery_code': 'recovery code',
  'sessions.way_remembered_browser': 'a browser remembered for the second factor',
  'sessions.last_seen': 'Last active {date}',
  'sessions.applications': 'Applications: {applications}',
  'sessions.sign_out': 'Sign out',
  'sessions.sign_out_others': 'Sign out everywhere else',
  'sessions.none_other': 'You are not signed in anywhere else.',
  'sessions.signed_out': 'The browser was signed out.',
  'sessions.others_signed_out': 'Every other browser was signed out.',
  'sessions.not_found': 'This browser is not signed in to your account (any more).',
  'sessions.current_by_sign_out': 'To sign this browser out, use “Sign out”.',
  'sessions.recent_second_factor':
    'For your security, signing browsers out needs a sign-in with your second factor within the last {minutes} minutes.',
  'sessions.recent_sign_in':
    'For your security, signing browsers out needs a sign-in within the last {minutes} minutes.',
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
  'security.title': 'Anmeldesicherheit',
  'security.explain':
    'Wie Sie sich bei {product} anmelden: Ihre zweiten Faktoren, Ihre Wiederherstellungscodes und die Browser, die den zweiten Faktor überspringen.',
  'security.app_heading': 'Authenticator-App',
  'security.app_enrolled': 'Eingerichtet am {date}',
  'security.app_none':
    'Nicht eingerichtet. Wenn Ihre Organisation es verlangt, werden Sie bei der nächsten Anmeldung gebeten, eine einzurichten.',
  'security.app_remove': 'Authenticator-App entfernen',
  'security.app_removed': 'Die Authenticator-App wurde entfernt.',
  'security.app_not_found': 'Sie haben keine Authenticator-App (mehr).',
  'security.app_set_up': 'Authenticator-App einrichten',
  'security.app_setup_title': 'Authenticator-App einrichten',
  'security.app_added':
    'Die Authenticator-App ist eingerichtet: Anmeldungen, die einen zweiten Faktor verlangen, akzeptieren ihre Codes.',
  'security.app_codes_shown_once':
    'Dazu gehören diese Wiederherstellungscodes. Bewahren Sie sie sicher auf: Sie werden nur dieses eine Mal angezeigt. Frühere Codes gelten nicht mehr.',
  'security.app_exists':
    'Sie haben bereits eine Authenticator-App. Entfernen Sie sie zuerst, um eine andere einzurichten.',
  'security.app_unavailable': 'Authenticator-Apps können hier nicht eingerichtet werden.',
  'security.app_last_factor':
    'Dies ist Ihr einziger zweiter Faktor. Wenn Sie ihn entfernen, entfallen auch Ihre Wiederherstellungscodes, und Sie werden bei der nächsten Anmeldung gebeten, einen neuen einzurichten.',
  'security.passkeys_heading': 'Passkeys und Sicherheitsschlüssel',
  'security.passkeys_count': 'Registriert: {count}',
  'security.passkeys_manage': 'Passkeys und Sicherheitsschlüssel verwalten',
  'security.codes_heading': 'Wiederherstellungscodes',
  'security.codes_explain':
    'Jeder Code meldet Sie einmal an, wenn Sie Ihren zweiten Faktor nicht verwenden können. Neue Codes ersetzen die alten.',
  'security.codes_left': 'Verbleibende Codes: {remaining}, erstellt am {date}.',
  'security.codes_none': 'Sie haben keine Wiederherstellungscodes.',
  'security.codes_create': 'Neue Codes erstellen',
  'security.codes_need_factor':
    'Wiederherstellungscodes gehören zu einem zweiten Faktor: Sie können sie erstellen, sobald Sie eine Authenticator-App oder einen Passkey haben.',
  'security.codes_title': 'Ihre neuen Wiederherstellungscodes',
  'security.codes_shown_once':
    'Bewahren Sie diese Codes sicher auf: Sie werden nur dieses eine Mal angezeigt. Ihre alten Codes gelten nicht mehr.',
  'security.browsers_heading': 'Gemerkte Browser',
  'security.browsers_count': 'Browser, die den zweiten Faktor überspringen: {count}.',
  'security.browsers_none': 'Kein Browser überspringt den zweiten Faktor.',
  'security.browsers_forget': 'Alle Browser vergessen',
  'security.browsers_forgotten': 'Jeder Browser fragt wieder nach Ihrem zweiten Faktor.',
  'security.recent_second_factor':
    'Zu Ihrer Sicherheit müssen Sie sich in den letzten {minutes} Minuten mit Ihrem zweiten Faktor angemeldet haben, um Ihre Anmeldung zu ändern.',
  'security.recent_sign_in':
    'Zu Ihrer Sicherheit müssen Sie sich in den letzten {minutes} Minuten angemeldet haben, um Ihre Anmeldung zu ändern.',
  'security.back_to_overview': 'Zurück zur Anmeldesicherheit',
  'security.sessions_heading': 'Wo Sie angemeldet sind',
  'security.sessions_manage': 'Anzeigen, wo Sie angemeldet sind',
  'sessions.title': 'Wo Sie angemeldet sind',
  'sessions.explain':
    'Die Browser, die mit Ihrem Konto bei {product} angemeldet sind. Wenn Sie einen Browser abmelden, wird er auch von den Anwendungen abgemeldet, bei denen er sich angemeldet hat.',
  'sessions.list_heading': 'Angemeldete Browser',
  'sessions.this_browser': 'dieser Browser',
  'sessions.unknown_device': 'Ein Browser',
  'sessions.signed_in': 'Angemeldet am {date}',
  'sessions.ways': 'mit {ways}',
  'sessions.way_password': 'Passwort',
  'sessions.way_passkey': 'Passkey oder Sicherheitsschlüssel',
  'sessions.way_one_time_code': 'Einmalcode',
  'sessions.way_recovery_code': 'Wiederherstellungscode',
  'sessions.way_remembered_browser': 'einem für den zweiten Faktor gemerkten Browser',
  'sessions.last_seen': 'Zuletzt aktiv am {date}',
  'sessions.applications': 'Anwendungen: {applications}',
  'sessions.sign_out': 'Abmelden',
  'sessions.sign_out_others': 'Überall sonst abmelden',
  'sessions.none_other': 'Sie sind nirgendwo sonst angemeldet.',
  'sessions.signed_out': 'Der Browser wurde abgemeldet.',
  'sessions.others_signed_out': 'Alle anderen Browser wurden abgemeldet.',
  'sessions.not_found': 'Dieser Browser ist (nicht mehr) mit Ihrem Konto angemeldet.',
  'sessions.current_by_sign_out': 'Um diesen Browser abzumelden, verwenden Sie „Abmelden“.',
  'sessions.recent_second_factor':
    'Zu Ihrer Sicherheit müssen Sie sich in den letzten {minutes} Minuten mit Ihrem zweiten Faktor angemeldet haben, um Browser abzumelden.',
  'sessions.recent_sign_in':
    'Zu Ihrer Sicherheit müssen Sie sich in den letzten {minutes} Minuten angemeldet haben, um Browser abzumelden.',
};
