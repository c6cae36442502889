import { pageCatalog, type PageLook as BasePageLook, type Translate as BaseTranslate } from '@idaas/pages';

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
  'login.reset_required': 'You need to set a new password. Use “Forgot your password?”.',
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
  'mfa.codes_title': 'Your recovery codes',
  'mfa.codes_heading': 'Save your recovery codes',
  'mfa.codes_explain':
    'Each code signs you in once if you lose your device. They are shown only now: store them somewhere safe.',
  'mfa.codes_continue': 'I have saved them, continue',
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
  'login.reset_required': 'Sie müssen ein neues Passwort festlegen. Nutzen Sie „Passwort vergessen?“.',
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
  'error.flow_expired':
    'Diese Anmeldung hat zu lange gedauert oder ist bereits abgeschlossen. Bitte beginnen Sie erneut in der Anwendung.',
  'error.csrf': 'Das Formular wurde nicht angenommen. Bitte beginnen Sie erneut in der Anwendung.',
  'error.unknown_tenant': 'Diese Anmeldeseite gibt es nicht.',
  'error.generic': 'Die Anfrage konnte nicht abgeschlossen werden.',
  'formpost.continue': 'Weiter',
  'formpost.explain': 'Klicken Sie auf „Weiter“, um zur Anwendung zurückzukehren.',
};

const catalog = pageCatalog(en, { de });

/** Locales the pages have strings for. */
export const PAGE_LOCALES = catalog.locales;

export type Translate = BaseTranslate<MessageKey>;

/** The tenant's look with this service's strings. */
export type PageLook = BasePageLook<MessageKey>;

export const translator = catalog.translator;
