import {
  IllegalTransitionError,
  nextState,
  USER_STATES,
  USER_TRANSITIONS,
  userStateDiagram,
  type UserTransition,
} from './user-state';

describe('user lifecycle table', () => {
  const transitions = Object.keys(USER_TRANSITIONS) as UserTransition[];

  it.each(transitions.flatMap((t) => USER_STATES.map((s) => [t, s] as const)))(
    '%s from %s is legal only where the table says',
    (t, s) => {
      const rule = USER_TRANSITIONS[t];
      if ((rule.from as readonly string[]).includes(s)) expect(nextState(s, t)).toBe(rule.to);
      else expect(() => nextState(s, t)).toThrow(IllegalTransitionError);
    },
  );

  it('never leaves deleted', () => {
    for (const t of transitions) expect(() => nextState('deleted', t)).toThrow(/who is deleted/);
  });

  it('draws every edge', () => {
    expect(userStateDiagram()).toContain('locked --> active: unlock');
  });
});
