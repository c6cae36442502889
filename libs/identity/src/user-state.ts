/**
 * The user lifecycle. One table drives the API (illegal transitions are refused), the events
 * (one per transition) and the docs (the Mermaid diagram below is generated from it).
 */
export const USER_STATES = [
  'pending_verification',
  'pending_invite',
  'active',
  'locked',
  'disabled',
  'password_reset_required',
  'suspended',
  'deleted',
] as const;

export type UserState = (typeof USER_STATES)[number];

/** Every state but the tombstone: a user in any of them can be deleted. */
const LIVE_STATES = USER_STATES.filter((s): s is Exclude<UserState, 'deleted'> => s !== 'deleted');

export const USER_TRANSITIONS = {
  verifyEmail: { from: ['pending_verification'], to: 'active' },
  acceptInvite: { from: ['pending_invite'], to: 'active' },
  lock: { from: ['active', 'password_reset_required'], to: 'locked' },
  unlock: { from: ['locked'], to: 'active' },
  disable: { from: ['active', 'locked', 'password_reset_required', 'suspended'], to: 'disabled' },
  enable: { from: ['disabled'], to: 'active' },
  requirePasswordReset: { from: ['active'], to: 'password_reset_required' },
  completePasswordReset: { from: ['password_reset_required', 'locked'], to: 'active' },
  suspendForInactivity: { from: ['active'], to: 'suspended' },
  reactivate: { from: ['suspended'], to: 'active' },
  delete: { from: LIVE_STATES, to: 'deleted' },
} as const satisfies Record<string, { from: readonly UserState[]; to: UserState }>;

export type UserTransition = keyof typeof USER_TRANSITIONS;

export class IllegalTransitionError extends Error {
  constructor(
    readonly transition: UserTransition,
    readonly from: UserState,
  ) {
    super(`cannot ${transition} a user who is ${from}`);
    this.name = 'IllegalTransitionError';
  }
}

/**
 * Transitions the user can only make with something sent to their email address (the verification
 * code or link, the invitation): afterwards the address is verified, which ID tokens say as
 * `email_verified` (OpenID Connect Core 5.1) and emailed one-time codes require.
 */
export function provesEmail(transition: UserTransition): boolean {
  return transition === 'verifyEmail' || transition === 'acceptInvite';
}

/** The state after `transition`, or an IllegalTransitionError naming why not. */
export function nextState(from: UserState, transition: UserTransition): UserState {
  const rule = USER_TRANSITIONS[transition];
  if (!(rule.from as readonly UserState[]).includes(from)) throw new IllegalTransitionError(transition, from);
  return rule.to;
}

/** The state diagram as Mermaid, for the README and the API docs. */
export function userStateDiagram(): string {
  const lines = ['stateDiagram-v2'];
  for (const [name, rule] of Object.entries(USER_TRANSITIONS)) {
    for (const from of rule.from) lines.push(`  ${from} --> ${rule.to}: ${name}`);
  }
  return lines.join('\n');
}
