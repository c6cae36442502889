import { pageCatalog, type PageLook as BasePageLook } from '@idaas/pages';

/** The registration pages' strings; other locales fall back to English key by key. */
const en = {
  'signup.title': 'Create an account',
  'signup.heading': 'Create your {product} account',
  'signup.name': 'Name (optional)',
  'signup.email': 'Email',
  'signup.password': 'Password',
  'signup.password_hint': 'At least {min} characters. A long phrase is easy to remember.',
  'signup.submit': 'Create account',
  'signup.signin': 'Already have an account? Sign in',
  'signup.disabled': 'Sign-up is not open for {product}. Ask an administrator for an invitation.',
  'signup.errors': 'Please correct the marked fields.',
  'check.title': 'Check your email',
  'check.heading': 'Check your email',
  'check.sent':
    'If the address can be used, we sent an email with a link and a code. Open the link, or type the code here.',
  'check.code': 'Six-digit code',
  'check.submit': 'Verify',
  'check.wrong': 'The code is wrong, expired or already used.',
  'check.resend': 'Send the email again',
  'check.resent': 'If the address is waiting for verification, a new email is on its way.',
  'check.too_soon': 'Please wait a minute before asking for another email.',
  'verify.title': 'Email verification',
  'verify.done': 'Your email address is verified. You can sign in now.',
  'verify.failed':
    'This link is wrong, expired or was already used. Request a new email from the sign-up page.',
  'invite.title': 'Accept the invitation',
  'invite.heading': 'Join {product}',
  'invite.explain': 'Choose a password for {email}.',
  'invite.password': 'New password',
  'invite.submit': 'Set password',
  'invite.done': 'Your account is ready. You can sign in now.',
  'invite.failed': 'This invitation link is wrong, expired or was already used. Ask for a new invitation.',
  'error.title': 'Something went wrong',
  'error.csrf': 'The form was not accepted. Please reload the page and try again.',
  'error.unknown_tenant': 'This page does not exist.',
  'error.generic': 'The request could not be completed.',
};

export type MessageKey = keyof typeof en;

const de: Partial<Record<MessageKey, string>> = {
  'signup.title': 'Konto erstellen',
  'signup.heading': 'Ihr {product}-Konto erstellen',
  'signup.name': 'Name (optional)',
  'signup.email': 'E-Mail',
  'signup.password': 'Passwort',
  'signup.password_hint': 'Mindestens {min} Zeichen. Ein langer Satz ist leicht zu merken.',
  'signup.submit': 'Konto erstellen',
  'signup.signin': 'Sie haben schon ein Konto? Anmelden',
  'signup.disabled':
    'Die Registrierung bei {product} ist nicht geöffnet. Bitten Sie einen Administrator um eine Einladung.',
  'signup.errors': 'Bitte korrigieren Sie die markierten Felder.',
  'check.title': 'E-Mail prüfen',
  'check.heading': 'Prüfen Sie Ihre E-Mails',
  'check.sent':
    'Wenn die Adresse verwendet werden kann, haben wir eine E-Mail mit Link und Code gesendet. Öffnen Sie den Link oder geben Sie den Code hier ein.',
  'check.code': 'Sechsstelliger Code',
  'check.submit': 'Bestätigen',
  'check.wrong': 'Der Code ist falsch, abgelaufen oder wurde bereits verwendet.',
  'check.resend': 'E-Mail erneut senden',
  'check.resent': 'Wenn die Adresse auf Bestätigung wartet, ist eine neue E-Mail unterwegs.',
  'check.too_soon': 'Bitte warten Sie eine Minute, bevor Sie eine weitere E-Mail anfordern.',
  'verify.title': 'E-Mail-Bestätigung',
  'verify.done': 'Ihre E-Mail-Adresse ist bestätigt. Sie können sich jetzt anmelden.',
  'verify.failed':
    'Dieser Link ist falsch, abgelaufen oder wurde bereits verwendet. Fordern Sie auf der Registrierungsseite eine neue E-Mail an.',
  'invite.title': 'Einladung annehmen',
  'invite.heading': '{product} beitreten',
  'invite.explain': 'Wählen Sie ein Passwort für {email}.',
  'invite.password': 'Neues Passwort',
  'invite.submit': 'Passwort festlegen',
  'invite.done': 'Ihr Konto ist bereit. Sie können sich jetzt anmelden.',
  'invite.failed':
    'Dieser Einladungslink ist falsch, abgelaufen oder wurde bereits verwendet. Bitten Sie um eine neue Einladung.',
  'error.title': 'Etwas ist schiefgelaufen',
  'error.csrf':
    'Das Formular wurde nicht angenommen. Bitte laden Sie die Seite neu und versuchen Sie es erneut.',
  'error.unknown_tenant': 'Diese Seite gibt es nicht.',
  'error.generic': 'Die Anfrage konnte nicht abgeschlossen werden.',
};

export const registrationStrings = pageCatalog(en, { de });

export type PageLook = BasePageLook<MessageKey>;
