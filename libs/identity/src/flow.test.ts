import {
  assertValid,
  csrfMatches,
  FlowExpiredError,
  IllegalFlowTransitionError,
  LOGIN_FLOW_TRANSITIONS,
  nextFlowState,
  startFlow,
  type LoginFlowState,
} from './flow';

const now = new Date('2026-01-01T10:00:00Z');
const start = () =>
  startFlow({
    tenantId: 't1',
    type: 'login',
    state: 'awaiting_credentials' as LoginFlowState,
    request: { clientId: 'c1' },
    lifetimeSeconds: 600,
    now,
  });

describe('self-service flow', () => {
  it('keeps only the hash of its CSRF token, and accepts exactly that token', () => {
    const { flow, csrfToken } = start();
    expect(JSON.stringify(flow)).not.toContain(csrfToken);
    expect(csrfMatches(flow, csrfToken)).toBe(true);
    expect(csrfMatches(flow, `${csrfToken}x`)).toBe(false);
    expect(csrfMatches(flow, '')).toBe(false);
    expect(csrfMatches(flow, undefined)).toBe(false);
  });

  it('is valid until it expires', () => {
    const { flow } = start();
    expect(() =>
      assertValid(flow, LOGIN_FLOW_TRANSITIONS, () => new Date(now.getTime() + 599_000)),
    ).not.toThrow();
    expect(() => assertValid(flow, LOGIN_FLOW_TRANSITIONS, () => new Date(now.getTime() + 600_000))).toThrow(
      FlowExpiredError,
    );
  });

  it('is over once it reaches a final state', () => {
    const { flow } = start();
    expect(() => assertValid({ ...flow, state: 'completed' }, LOGIN_FLOW_TRANSITIONS, () => now)).toThrow(
      FlowExpiredError,
    );
  });

  it('moves only along its transition map', () => {
    expect(nextFlowState(LOGIN_FLOW_TRANSITIONS, 'awaiting_credentials', 'awaiting_consent')).toBe(
      'awaiting_consent',
    );
    expect(() => nextFlowState(LOGIN_FLOW_TRANSITIONS, 'awaiting_credentials', 'denied')).toThrow(
      IllegalFlowTransitionError,
    );
    expect(() => nextFlowState(LOGIN_FLOW_TRANSITIONS, 'completed', 'awaiting_consent')).toThrow(
      IllegalFlowTransitionError,
    );
  });
});
