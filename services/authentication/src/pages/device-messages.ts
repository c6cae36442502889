/** Strings of the device verification pages (RFC 8628), merged into the hosted pages' catalog. */
export const deviceEn = {
  'device.title': 'Connect a device',
  'device.heading': 'Enter the code shown on your device',
  'device.code': 'Code',
  'device.submit': 'Continue',
  'device.invalid': 'This code is not valid. Check the code on your device; it may have expired.',
  'device.too_many': 'Too many wrong codes. Please wait a few minutes and try again.',
  'device.confirm_heading': 'Sign in to {client} on your device?',
  'device.confirm_warning':
    'Only continue if you started signing in on a device yourself just now and it shows the code you entered. Never enter a code someone else gave you.',
  'device.allow': 'Allow',
  'device.deny': 'Deny',
  'device.approved': 'Your device is connected. You may return to your device.',
  'device.denied': 'The device was not connected. You may close this page.',
};

export const deviceDe: Partial<Record<keyof typeof deviceEn, string>> = {
  'device.title': 'Gerät verbinden',
  'device.heading': 'Geben Sie den Code ein, den Ihr Gerät anzeigt',
  'device.code': 'Code',
  'device.submit': 'Weiter',
  'device.invalid':
    'Dieser Code ist nicht gültig. Prüfen Sie den Code auf Ihrem Gerät; er ist vielleicht abgelaufen.',
  'device.too_many': 'Zu viele falsche Codes. Bitte warten Sie einige Minuten und versuchen Sie es erneut.',
  'device.confirm_heading': 'Auf Ihrem Gerät bei {client} anmelden?',
  'device.confirm_warning':
    'Fahren Sie nur fort, wenn Sie gerade selbst die Anmeldung auf einem Gerät begonnen haben und es den eingegebenen Code anzeigt. Geben Sie nie einen Code ein, den Ihnen jemand anderes gegeben hat.',
  'device.allow': 'Erlauben',
  'device.deny': 'Ablehnen',
  'device.approved': 'Ihr Gerät ist verbunden. Sie können zu Ihrem Gerät zurückkehren.',
  'device.denied': 'Das Gerät wurde nicht verbunden. Sie können diese Seite schließen.',
};
