import { pageCatalog, type PageLook as BasePageLook, type Translate as BaseTranslate } from '@idaas/pages';
import { accountDe, accountEn } from './account-messages';
import { deviceDe, deviceEn } from './device-messages';

/**
 * The hosted pages' strings. English is complete; every other locale falls back to it key by
 * key, so a missing translation shows English rather than a key.
 */
const en = {
  'login.title': 'Sign in',
  'login.heading': 'Sign in to {product}',
  'login.email': 'Email',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.signup': 'Create an account',
  'login.recovery': 'Forgot your password?',
  'login.invalid': 'The email or password is not correct.',
  'login.locked': 'Too many attempts. Please try again later.',
  'reset.title': 'Choose a new password',
  'reset.heading': 'Your password must be changed before you continue',
  'reset.password': 'New password',
  'reset.confirm': 'New password again',
  'reset.submit': 'Save and continue',
  'reset.too_short': 'The new password must be at least {min} characters.',
  'reset.common': 'This password is too common. Choose another.',
  'reset.mismatch': 'The two passwords are not the same.',
  'reset.same': 'Choose a password other than your current one.',
  'consent.title': 'Allow access',
  'consent.heading': '{client} wants to access your {product} account',
  'consent.scopes': 'It asks for:',
  'consent.allow': 'Allow',
  'consent.deny': 'Deny',
  'scope.openid': 'Your sign-in identity',
  'scope.profile': 'Your name and profile',
  'scope.email': 'Your email address',
  'scope.offline_access': 'Access while you are away',
  'logout.title': 'Sign out',
  'logout.heading': 'Sign out of {product}?',
  'logout.confirm': 'Sign out',
  'logout.done': 'You are signed out.',
  'error.title': 'Something went wrong',
  'error.unknown_client': 'This application is not known. Please go back and try again.',
  'error.invalid_redirect_uri':
    'The application sent an address we may not return you to. Please contact the application’s support.',
  'error.invalid_request_uri':
    'This sign-in link was already used or has expired. Please start again from the application.',
  'error.flow_expired':
    'This sign-in took too long or was already finished. Please start again from the application.',
  'error.csrf': 'The form was not accepted. Please go back to the application and start again.',
  'error.unknown_tenant': 'This sign-in page does not exist.',
  'error.generic': 'The request could not be completed.',
  'formpost.continue': 'Continue',
  'formpost.explain': 'Press Continue to return to the application.',
  'mfa.title': 'Two-step verification',
  'mfa.heading': 'Enter the code from your authenticator app',
  'mfa.code': 'Six-digit code',
  'mfa.submit': 'Verify',
  'mfa.use_recovery': 'Lost your device? Use a recovery code',
  'mfa.recovery_code': 'Recovery code',
  'mfa.recovery_submit': 'Use recovery code',
  'mfa.remember_device': 'Remember this device for {days} days',
  'mfa.invalid': 'The code is not correct or was already used.',
  'mfa.unavailable':
    'Your account cannot complete two-step verification here. Please contact your administrator.',
  'mfa.enrol_title': 'Set up two-step verification',
  'mfa.enrol_heading': 'Protect your account with an authenticator app',
  'mfa.enrol_scan':
    'Scan the QR code with your authenticator app, or add this account with the link or the key below, then enter the code it shows.',
  'mfa.enrol_qr': 'QR code to add this account to an authenticator app',
  'mfa.enrol_link': 'Add to authenticator app',
  'mfa.enrol_key': 'Key for manual entry',
  'mfa.enrol_submit': 'Turn on',
  'mfa.enrol_expired': 'This set-up expired; scan the new code.',
  'mfa.codes_title': 'Your recovery codes',
  'mfa.codes_heading': 'Save your recovery codes',
  'mfa.codes_explain':
    'Each code signs you in once if you lose your device. They are shown only now: store them somewhere safe.',
  'mfa.codes_continue': 'I have saved them, continue',
  'mfa.choose': 'Other ways to verify',
  'mfa.use_app': 'Use your authenticator app',
  'mfa.email_offer': 'Email me a code',
  'mfa.email_code': 'Code from the email',
  'mfa.email_explain': 'We send a six-digit code to {email}.',
  'mfa.email_sent': 'We sent a six-digit code to {email}. It is valid for {minutes} minutes.',
  'mfa.email_resend': 'Send a new code',
  'mfa.email_wait': 'A code was just sent. Wait half a minute before asking for another.',
  'mfa.email_limit': 'No more codes can be sent for this sign-in. Start signing in again.',
  'passkey.offer': 'Use your security key or passkey',
  'passkey.offer_enrol': 'Use a passkey or security key instead',
  'passkey.offer_signin': 'Sign in with a passkey',
  'passkey.verify_heading': 'Use your security key or passkey',
  'passkey.verify_explain':
    'Press the button, then touch your security key or confirm with your device’s screen lock.',
  'passkey.verify_button': 'Use security key or passkey',
  'passkey.enrol_heading': 'Protect your account with a passkey',
  'passkey.enrol_explain':
    'A passkey on this device or a security key signs you in with a touch, your fingerprint or your screen lock, with or without your password.',
  'passkey.enrol_button': 'Create a passkey',
  'passkey.signin_heading': 'Sign in with a passkey',
  'passkey.signin_explain': 'Press the button and choose your passkey for this account.',
  'passkey.signin_button': 'Sign in with a passkey',
  'passkey.label': 'Name for this passkey (optional)',
  'passkey.failed': 'The passkey was not used. Try again, or choose another way.',
  'passkey.invalid': 'This passkey was not accepted. Try again, or choose another way.',
  'passkey.needs_script': 'Passkeys need JavaScript in this browser.',
  'passkey.use_code': 'Use a code instead',
  'passkey.use_app': 'Use an authenticator app instead',
  'passkey.use_password': 'Sign in with your password',
  ...accountEn,
  ...deviceEn,
};

export type MessageKey = keyof typeof en;

const de: Partial<Record<MessageKey, string>> = {
  'login.title': 'Anmelden',
  'login.heading': 'Bei {product} anmelden',
  'login.email': 'E-Mail',
  'login.password': 'Passwort',
  'login.submit': 'Anmelden',
  'login.signup': 'Konto erstellen',
  'login.recovery': 'Passwort vergessen?',
  'login.invalid': 'E-Mail oder Passwort ist nicht korrekt.',
  'login.locked': 'Zu viele Versuche. Bitte versuchen Sie es später erneut.',
  'reset.title': 'Neues Passwort wählen',
  'reset.heading': 'Bevor es weitergeht, müssen Sie Ihr Passwort ändern',
  'reset.password': 'Neues Passwort',
  'reset.confirm': 'Neues Passwort wiederholen',
  'reset.submit': 'Speichern und weiter',
  'reset.too_short': 'Das neue Passwort muss mindestens {min} Zeichen lang sein.',
  'reset.common': 'Dieses Passwort ist zu verbreitet. Wählen Sie ein anderes.',
  'reset.mismatch': 'Die beiden Passwörter stimmen nicht überein.',
  'reset.same': 'Wählen Sie ein anderes als Ihr bisheriges Passwort.',
  'consent.title': 'Zugriff erlauben',
  'consent.heading': '{client} möchte auf Ihr {product}-Konto zugreifen',
  'consent.scopes': 'Angefragt wird:',
  'consent.allow': 'Erlauben',
  'consent.deny': 'Ablehnen',
  'scope.openid': 'Ihre Anmeldeidentität',
  'scope.profile': 'Ihr Name und Profil',
  'scope.email': 'Ihre E-Mail-Adresse',
  'scope.offline_access': 'Zugriff, während Sie abwesend sind',
  'logout.title': 'Abmelden',
  'logout.heading': 'Von {product} abmelden?',
  'logout.confirm': 'Abmelden',
  'logout.done': 'Sie sind abgemeldet.',
  'error.title': 'Etwas ist schiefgelaufen',
  'error.unknown_client':
    'Diese Anwendung ist unbekannt. Bitte gehen Sie zurück und versuchen Sie es erneut.',
  'error.invalid_redirect_uri':
    'Die Anwendung hat eine Adresse gesendet, zu der wir Sie nicht zurückleiten dürfen. Bitte wenden Sie sich an deren Support.',
  'error.invalid_request_uri':
    'Dieser Anmeldelink wurde bereits verwendet oder ist abgelaufen. Bitte beginnen Sie erneut in der Anwendung.',
  'error.flow_expired':
    'Diese Anmeldung hat zu lange gedauert oder ist bereits abgeschlossen. Bitte beginnen Sie erneut in der Anwendung.',
  'error.csrf': 'Das Formular wurde nicht angenommen. Bitte beginnen Sie erneut in der Anwendung.',
  'error.unknown_tenant': 'Diese Anmeldeseite gibt es nicht.',
  'error.generic': 'Die Anfrage konnte nicht abgeschlossen werden.',
  'formpost.continue': 'Weiter',
  'formpost.explain': 'Klicken Sie auf „Weiter“, um zur Anwendung zurückzukehren.',
  'mfa.choose': 'Andere Wege zur Bestätigung',
  'mfa.use_app': 'Authenticator-App verwenden',
  'mfa.remember_device': 'Dieses Gerät {days} Tage lang merken',
  'mfa.enrol_expired': 'Diese Einrichtung ist abgelaufen; scannen Sie den neuen Code.',
  'mfa.email_offer': 'Code per E-Mail senden',
  'mfa.email_code': 'Code aus der E-Mail',
  'mfa.email_explain': 'Wir senden einen sechsstelligen Code an {email}.',
  'mfa.email_sent':
    'Wir haben einen sechsstelligen Code an {email} gesendet. Er ist {minutes} Minuten gültig.',
  'mfa.email_resend': 'Neuen Code senden',
  'mfa.email_wait':
    'Gerade wurde ein Code gesendet. Warten Sie eine halbe Minute, bevor Sie einen neuen anfordern.',
  'mfa.email_limit':
    'Für diese Anmeldung können keine weiteren Codes gesendet werden. Beginnen Sie die Anmeldung erneut.',
  'passkey.offer': 'Sicherheitsschlüssel oder Passkey verwenden',
  'passkey.offer_enrol': 'Stattdessen einen Passkey oder Sicherheitsschlüssel verwenden',
  'passkey.offer_signin': 'Mit einem Passkey anmelden',
  'passkey.verify_heading': 'Sicherheitsschlüssel oder Passkey verwenden',
  'passkey.verify_explain':
    'Klicken Sie auf die Schaltfläche und berühren Sie dann Ihren Sicherheitsschlüssel oder bestätigen Sie mit der Bildschirmsperre Ihres Geräts.',
  'passkey.verify_button': 'Sicherheitsschlüssel oder Passkey verwenden',
  'passkey.enrol_heading': 'Schützen Sie Ihr Konto mit einem Passkey',
  'passkey.enrol_explain':
    'Ein Passkey auf diesem Gerät oder ein Sicherheitsschlüssel meldet Sie per Berührung, Fingerabdruck oder Bildschirmsperre an, mit oder ohne Passwort.',
  'passkey.enrol_button': 'Passkey erstellen',
  'passkey.signin_heading': 'Mit einem Passkey anmelden',
  'passkey.signin_explain': 'Klicken Sie auf die Schaltfläche und wählen Sie Ihren Passkey für dieses Konto.',
  'passkey.signin_button': 'Mit einem Passkey anmelden',
  'passkey.label': 'Name dieses Passkeys (optional)',
  'passkey.failed':
    'Der Passkey wurde nicht verwendet. Versuchen Sie es erneut oder wählen Sie einen anderen Weg.',
  'passkey.invalid':
    'Dieser Passkey wurde nicht akzeptiert. Versuchen Sie es erneut oder wählen Sie einen anderen Weg.',
  'passkey.needs_script': 'Passkeys benötigen in diesem Browser JavaScript.',
  'passkey.use_code': 'Stattdessen einen Code verwenden',
  'passkey.use_app': 'Stattdessen eine Authenticator-App verwenden',
  'passkey.use_password': 'Mit Passwort anmelden',
  ...accountDe,
  ...deviceDe,
};

const catalog = pageCatalog(en, { de });

/** Locales the pages have strings for. */
export const PAGE_LOCALES = catalog.locales;

export type Translate = BaseTranslate<MessageKey>;

/** The tenant's look with this service's strings. */
export type PageLook = BasePageLook<MessageKey>;

export const translator = catalog.translator;
