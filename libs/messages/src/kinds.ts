/**
 * The messages the platform sends, and the variables a template of each kind may use. This
 * list is the one definition: validation, preview samples and the platform defaults all read it.
 */

export interface MessageVariable {
  /** Dotted path as written in a template: `{{user.name}}`. */
  name: string;
  description: string;
  /** What a preview shows in its place. */
  sample: string;
  /** A template of this kind without it is useless (a verification email without its link). */
  required?: boolean;
}

/** Every kind offers these: who the message is for and who sends it. */
const COMMON: readonly MessageVariable[] = [
  { name: 'user.name', description: "the recipient's display name", sample: 'Ada Lovelace' },
  { name: 'user.email', description: "the recipient's email address", sample: 'ada@example.com' },
  { name: 'tenant.name', description: "the tenant's product name (branding)", sample: 'Acme' },
  {
    name: 'tenant.supportEmail',
    description: "the tenant's support address (branding)",
    sample: 'help@acme.example',
  },
];

const link = (what: string): MessageVariable => ({
  name: 'link',
  description: `the link that ${what}`,
  sample: 'https://id.acme.example/t/acme/continue?token=sample',
  required: true,
});
const code: MessageVariable = {
  name: 'code',
  description: 'the one-time code to type instead',
  sample: '482913',
};
const expires: MessageVariable = {
  name: 'expiresInMinutes',
  description: 'minutes until the link or code expires',
  sample: '15',
};

/** `yes` when `what` holds, empty otherwise: a condition for `{{#if name}}`. */
const flag = (name: string, what: string, sampled: boolean): MessageVariable => ({
  name,
  description: `"yes" when ${what}, empty otherwise (for {{#if ${name}}})`,
  sample: sampled ? 'yes' : '',
});

const KIND_VARIABLES = {
  verification: [link('verifies the address'), code, expires],
  invitation: [
    link('accepts the invitation'),
    expires,
    { name: 'inviterName', description: 'who sent the invitation', sample: 'Grace Hopper' },
  ],
  recovery: [link('resets the password'), code, expires],
  account_locked: [
    {
      name: 'unlockAt',
      description: 'when the account unlocks by itself',
      sample: '2030-01-01 12:15 UTC',
      required: true,
    },
  ],
  password_changed: [],
  welcome: [],
  // Sent instead of a verification when someone signs up with an address that has an account.
  signup_existing: [],
  // A second factor by email at sign-in: the code is the whole message, so it is required.
  mfa_code: [{ ...code, description: 'the sign-in code to type', required: true }, expires],
  new_device_sign_in: [
    { name: 'device', description: 'the device and browser', sample: 'Firefox on Linux', required: true },
    { name: 'location', description: 'approximate place of the sign-in', sample: 'Zurich, Switzerland' },
    { name: 'time', description: 'when it happened', sample: '2030-01-01 12:00 UTC', required: true },
  ],
  // A second factor added, removed or renewed. `change` says it in English; the flags let a
  // template in another language say it with `{{#if}}`, since templates have no other logic.
  mfa_changed: [
    {
      name: 'change',
      description: 'what changed, in English words ("An authenticator app was added")',
      sample: 'A passkey or security key was added',
    },
    flag('authenticatorApp', 'it concerns the authenticator app (TOTP)', false),
    flag('passkey', 'it concerns a passkey or security key', true),
    flag('recoveryCodes', 'it concerns the recovery codes', false),
    flag('added', 'the method was added', true),
    flag('removed', 'the method was removed', false),
    flag('regenerated', 'new recovery codes replaced the old ones', false),
    flag('byAdmin', 'an administrator made the change, not the user', false),
    { name: 'time', description: 'when it happened', sample: '2030-01-01 12:00 UTC', required: true },
  ],
} as const satisfies Record<string, readonly MessageVariable[]>;

export type MessageKind = keyof typeof KIND_VARIABLES;

export const MESSAGE_KINDS = Object.keys(KIND_VARIABLES) as [MessageKind, ...MessageKind[]];

export function isMessageKind(value: string): value is MessageKind {
  return Object.prototype.hasOwnProperty.call(KIND_VARIABLES, value);
}

export function variablesOf(kind: MessageKind): readonly MessageVariable[] {
  return [...COMMON, ...KIND_VARIABLES[kind]];
}

/** Values for a template: a flat `name -> value` map, nested by the dots the way templates read them. */
export type MessageValues = Record<string, string>;

export function sampleValues(kind: MessageKind): MessageValues {
  return Object.fromEntries(variablesOf(kind).map((v) => [v.name, v.sample]));
}
