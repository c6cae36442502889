import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** The self-service journeys a user walks through the hosted pages. They all share this record. */
export type FlowType = 'login' | 'registration' | 'recovery' | 'verification' | 'settings';

/**
 * One journey through the hosted pages, modelled after Ory Kratos' flows: a record with an id,
 * its tenant, a state out of a transition map, a lifetime, and a CSRF token of its own.
 * Only the SHA-256 of the CSRF token is kept, so neither a database read nor a serialized flow
 * yields a usable token; the page gets a fresh token each time it is rendered.
 */
export interface SelfServiceFlow<T extends FlowType = FlowType, S extends string = string, P = unknown> {
  id: string;
  tenantId: string;
  type: T;
  state: S;
  issuedAt: Date;
  expiresAt: Date;
  csrfHash: string;
  /** What the journey is about: for a login, the validated authorization request. */
  request: P;
  /** Set once the user is known (after the credentials step). */
  userId?: string;
}

/** A state machine over a flow's states: which states each may move to. */
export type Transitions<S extends string> = Readonly<Record<S, readonly S[]>>;

/** The flow ran out of time, or was already finished: the user starts again from the application. */
export class FlowExpiredError extends Error {
  constructor(readonly flowId: string) {
    super(`flow ${flowId} has expired`);
    this.name = 'FlowExpiredError';
  }
}

export class IllegalFlowTransitionError extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`a flow cannot go from ${from} to ${to}`);
    this.name = 'IllegalFlowTransitionError';
  }
}

const csrfHashOf = (token: string): string => createHash('sha256').update(token, 'utf8').digest('base64url');

/** A new CSRF token (256 random bits) and the hash the flow keeps of it. */
export function newCsrfToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: csrfHashOf(token) };
}

export function startFlow<T extends FlowType, S extends string, P>(init: {
  tenantId: string;
  type: T;
  state: S;
  request: P;
  lifetimeSeconds: number;
  now: Date;
}): { flow: SelfServiceFlow<T, S, P>; csrfToken: string } {
  const csrf = newCsrfToken();
  return {
    csrfToken: csrf.token,
    flow: {
      id: randomUUID(),
      tenantId: init.tenantId,
      type: init.type,
      state: init.state,
      issuedAt: init.now,
      expiresAt: new Date(init.now.getTime() + init.lifetimeSeconds * 1000),
      csrfHash: csrf.hash,
      request: init.request,
    },
  };
}

/** Throws unless the flow is still running: before its expiry and not in a final state. */
export function assertValid<S extends string>(
  flow: SelfServiceFlow<FlowType, S>,
  transitions: Transitions<S>,
  clock: () => Date,
): void {
  if (flow.expiresAt.getTime() <= clock().getTime()) throw new FlowExpiredError(flow.id);
  if (transitions[flow.state].length === 0) throw new FlowExpiredError(flow.id);
}

/**
 * Constant-time comparison of the presented token with the stored hash (both are hashed first,
 * so lengths match whatever was sent).
 * https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html
 */
export function csrfMatches(flow: Pick<SelfServiceFlow, 'csrfHash'>, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(csrfHashOf(presented));
  const b = Buffer.from(flow.csrfHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The next state, or an error when the transition map does not allow it. */
export function nextFlowState<S extends string>(transitions: Transitions<S>, from: S, to: S): S {
  if (!transitions[from].includes(to)) throw new IllegalFlowTransitionError(from, to);
  return to;
}

/**
 * The login flow: the credentials step, then the second factor when the policy or the client
 * asks for one (enrolling first when the user has none: the recovery codes are shown once
 * before going on), then (for third-party applications without a remembered consent) the
 * consent step; it ends when the code is issued or consent is denied.
 *
 * ```mermaid
 * stateDiagram-v2
 *   [*] --> awaiting_credentials
 *   awaiting_credentials --> awaiting_consent: signed in, consent needed
 *   awaiting_credentials --> completed: signed in, code issued
 *   awaiting_credentials --> awaiting_second_factor: password right, MFA asked
 *   awaiting_credentials --> awaiting_mfa_enrolment: password right, MFA required, none enrolled
 *   awaiting_credentials --> awaiting_new_password: password right, an admin forced a reset
 *   awaiting_new_password --> completed: new password set (or to consent, or to the second factor)
 *   awaiting_mfa_enrolment --> showing_recovery_codes: TOTP confirmed
 *   awaiting_mfa_enrolment --> showing_passkey_recovery_codes: passkey registered
 *   awaiting_credentials --> completed: passkey without password (or to consent)
 *   awaiting_second_factor --> awaiting_consent: code right, consent needed
 *   awaiting_second_factor --> completed: code right, code issued
 *   showing_recovery_codes --> awaiting_consent: codes seen, consent needed
 *   showing_recovery_codes --> completed: codes seen, code issued
 *   showing_passkey_recovery_codes --> completed: codes seen (or to consent)
 *   awaiting_consent --> completed: allowed, code issued
 *   awaiting_consent --> denied: denied (access_denied to the client)
 *   completed --> [*]
 *   denied --> [*]
 * ```
 */
export type LoginFlowState =
  | 'awaiting_credentials'
  | 'awaiting_second_factor'
  | 'awaiting_mfa_enrolment'
  /** The password was right but an admin forced a reset: the user chooses a new one before going on. */
  | 'awaiting_new_password'
  | 'showing_recovery_codes'
  /** As above after a passkey was enrolled: the state says which factor the session records. */
  | 'showing_passkey_recovery_codes'
  | 'awaiting_consent'
  | 'completed'
  | 'denied';

export const LOGIN_FLOW_TRANSITIONS: Transitions<LoginFlowState> = {
  awaiting_credentials: [
    'awaiting_consent',
    'completed',
    'awaiting_second_factor',
    'awaiting_mfa_enrolment',
    'awaiting_new_password',
  ],
  awaiting_new_password: [
    'awaiting_consent',
    'completed',
    'awaiting_second_factor',
    'awaiting_mfa_enrolment',
  ],
  awaiting_second_factor: ['awaiting_consent', 'completed'],
  awaiting_mfa_enrolment: ['showing_recovery_codes', 'showing_passkey_recovery_codes'],
  showing_recovery_codes: ['awaiting_consent', 'completed'],
  showing_passkey_recovery_codes: ['awaiting_consent', 'completed'],
  awaiting_consent: ['completed', 'denied'],
  completed: [],
  denied: [],
};
