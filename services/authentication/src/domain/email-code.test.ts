import {
  EMAIL_CODE_LIFETIME_SECONDS,
  EMAIL_CODE_RESEND_SECONDS,
  EMAIL_CODES_PER_SIGN_IN,
  emailCodeMatches,
  nextEmailCode,
  secondsUntilResend,
} from './email-code';

const t0 = new Date('2030-01-01T12:00:00Z');
const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const FLOW = '5b4c2a36-9a8e-4c59-8f0e-0b7d3c1f2e11';

describe('emailed sign-in codes', () => {
  it('are six digits, kept only as a hash bound to the flow', () => {
    const { code, state } = nextEmailCode(undefined, FLOW, t0);
    expect(code).toMatch(/^\d{6}$/);
    expect(JSON.stringify(state)).not.toContain(code);
    expect(emailCodeMatches(state, code, t0)).toBe(true);
    expect(emailCodeMatches(state, ` ${code} `, t0)).toBe(true);
    expect(emailCodeMatches({ ...state, flowId: 'another-flow' }, code, t0)).toBe(false);
  });

  it('expire after their lifetime and work once', () => {
    const { code, state } = nextEmailCode(undefined, FLOW, t0);
    expect(emailCodeMatches(state, code, later(EMAIL_CODE_LIFETIME_SECONDS - 1))).toBe(true);
    expect(emailCodeMatches(state, code, later(EMAIL_CODE_LIFETIME_SECONDS))).toBe(false);
    expect(emailCodeMatches({ ...state, usedAt: t0 }, code, t0)).toBe(false);
  });

  it('are replaced by a resent code', () => {
    const first = nextEmailCode(undefined, FLOW, t0);
    const second = nextEmailCode(first.state, FLOW, later(EMAIL_CODE_RESEND_SECONDS));
    expect(second.state.sends).toBe(2);
    expect(emailCodeMatches(second.state, second.code, later(EMAIL_CODE_RESEND_SECONDS))).toBe(true);
    if (first.code !== second.code)
      expect(emailCodeMatches(second.state, first.code, later(EMAIL_CODE_RESEND_SECONDS))).toBe(false);
  });

  it('are resent at most every few seconds and a few times per sign-in', () => {
    expect(secondsUntilResend(undefined, t0)).toBe(0);
    const { state } = nextEmailCode(undefined, FLOW, t0);
    expect(secondsUntilResend(state, later(1))).toBe(EMAIL_CODE_RESEND_SECONDS - 1);
    expect(secondsUntilResend(state, later(EMAIL_CODE_RESEND_SECONDS))).toBe(0);
    expect(secondsUntilResend({ ...state, sends: EMAIL_CODES_PER_SIGN_IN }, later(3600))).toBeUndefined();
  });
});
