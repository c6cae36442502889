import { LONGEST_TOKEN_LIFETIME_SECONDS, retirementEnds, rotationDue } from './key-rotation';

describe('signing key rotation schedule', () => {
  const created = new Date('2024-01-01T00:00:00Z');

  it('is due once the rotation period has passed, not a millisecond before', () => {
    expect(rotationDue(created, new Date('2024-01-30T23:59:59.999Z'), 30)).toBe(false);
    expect(rotationDue(created, new Date('2024-01-31T00:00:00Z'), 30)).toBe(true);
    expect(rotationDue(created, new Date('2024-01-02T00:00:00Z'), 1)).toBe(true);
  });

  it('keeps a retired key until the longest token it can have signed has expired', () => {
    const retired = new Date('2024-02-01T12:00:00Z');
    expect(retirementEnds(retired)).toEqual(new Date('2024-02-02T12:01:00Z'));
    expect(retirementEnds(retired, 600)).toEqual(new Date('2024-02-01T12:10:00Z'));
    expect(LONGEST_TOKEN_LIFETIME_SECONDS).toBeGreaterThanOrEqual(86_400);
  });
});
