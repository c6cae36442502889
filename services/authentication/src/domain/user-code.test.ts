import { displayUserCode, newUserCode, normalizeUserCode, USER_CODE_ALPHABET } from './user-code';

describe('user codes (RFC 8628 section 6.1)', () => {
  it('are eight letters of the unambiguous alphabet, shown as XXXX-XXXX', () => {
    for (let i = 0; i < 200; i++) {
      const code = newUserCode();
      expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
      expect(displayUserCode(code)).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    }
    expect(USER_CODE_ALPHABET).not.toMatch(/[AEIOUY01]/);
  });

  it('are compared without regard to case, dashes or blanks', () => {
    expect(normalizeUserCode('WDJB-MJHT')).toBe('WDJBMJHT');
    expect(normalizeUserCode('wdjb-mjht')).toBe('WDJBMJHT');
    expect(normalizeUserCode(' wdjb mjht ')).toBe('WDJBMJHT');
    expect(normalizeUserCode('WDJBMJHT')).toBe(normalizeUserCode(displayUserCode('WDJBMJHT')));
  });

  it('refuse what cannot be one of ours, without a lookup', () => {
    expect(normalizeUserCode('WDJB-MJH')).toBeUndefined();
    expect(normalizeUserCode('WDJB-MJHTX')).toBeUndefined();
    expect(normalizeUserCode('WDJB-MJHA')).toBeUndefined();
    expect(normalizeUserCode('WDJB-MJH0')).toBeUndefined();
    expect(normalizeUserCode('')).toBeUndefined();
  });
});
