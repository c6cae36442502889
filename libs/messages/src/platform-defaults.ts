import type { MessageKind } from './kinds';
import type { MessageTemplate } from './template';

/** The language the platform's own templates are written in. */
export const PLATFORM_DEFAULT_LOCALE = 'en';

const greeting = '{{#if user.name}}Hello {{user.name}},{{else}}Hello,{{/if}}';
const signature = {
  html: '<p>{{#if tenant.supportEmail}}Questions? Write to {{tenant.supportEmail}}.{{/if}}</p><p>{{tenant.name}}</p>',
  text: '{{#if tenant.supportEmail}}Questions? Write to {{tenant.supportEmail}}.\n{{/if}}{{tenant.name}}',
};

/** One message: a subject, paragraphs, and optionally a button with its link spelled out for text. */
function message(subject: string, paragraphs: string[], action?: string): MessageTemplate {
  const button = action ? `<p><a href="{{link}}">${action}</a></p>` : '';
  const spelled = action ? `\n\n${action}: {{link}}` : '';
  return {
    subject,
    html: `<p>${greeting}</p>${paragraphs.map((p) => `<p>${p}</p>`).join('')}${button}${signature.html}`,
    text: `${greeting}\n\n${paragraphs.join('\n\n')}${spelled}\n\n${signature.text}\n`,
  };
}

const code = '{{#if code}}Or enter this code: {{code}}.{{/if}}';
const expiry = 'It expires in {{expiresInMinutes}} minutes.';

// English defaults shipped in code, so every tenant can send every message from its first day.
const DEFAULTS: Record<MessageKind, MessageTemplate> = {
  verification: message(
    'Verify your email address for {{tenant.name}}',
    ['Please confirm that {{user.email}} is your address.', code, expiry],
    'Verify email address',
  ),
  invitation: message(
    "You're invited to {{tenant.name}}",
    [
      '{{#if inviterName}}{{inviterName}} invited you{{else}}You were invited{{/if}} to join {{tenant.name}}.',
      expiry,
    ],
    'Accept the invitation',
  ),
  recovery: message(
    'Reset your {{tenant.name}} password',
    [
      'Someone asked to reset the password of {{user.email}}. If it was not you, ignore this message.',
      code,
      expiry,
    ],
    'Choose a new password',
  ),
  account_locked: message('Your {{tenant.name}} account is locked', [
    'After too many failed sign-in attempts your account is locked until {{unlockAt}}.',
  ]),
  password_changed: message('Your {{tenant.name}} password was changed', [
    'The password of {{user.email}} was just changed. If it was not you, contact support at once.',
  ]),
  welcome: message('Welcome to {{tenant.name}}', ['Your account {{user.email}} is ready.']),
  signup_existing: message('Sign-up attempt at {{tenant.name}}', [
    'Someone tried to sign up at {{tenant.name}} with {{user.email}}, which already has an account.',
    'If it was you, sign in instead, or reset your password if you forgot it. If not, you can ignore this message.',
  ]),
  mfa_code: message('Your {{tenant.name}} sign-in code: {{code}}', [
    `Enter {{code}} to finish signing in to {{tenant.name}}. ${expiry}`,
    'If you are not signing in right now, someone knows your password: change it.',
  ]),
  new_device_sign_in: message('New sign-in to your {{tenant.name}} account', [
    'Your account was used to sign in from {{device}}{{#if location}} near {{location}}{{/if}} at {{time}}.',
    'If it was not you, change your password now.',
  ]),
  mfa_changed: message('Two-step verification changed on your {{tenant.name}} account', [
    '{{change}}{{#if byAdmin}} by an administrator of {{tenant.name}}{{/if}}.',
    'This happened at {{time}} on the account {{user.email}}.',
    // No link: the place to manage second factors depends on the tenant's own application.
    '{{#if byAdmin}}If you did not ask for this, contact support.{{else}}If it was not you, someone may be in your account: change your password now and contact support.{{/if}}',
  ]),
};

export function platformDefaultTemplate(kind: MessageKind): MessageTemplate {
  return DEFAULTS[kind];
}
