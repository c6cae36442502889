import { normalizeEmail } from './user';

describe('normalizeEmail', () => {
  it('trims and lower-cases', () => {
    expect(normalizeEmail('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
  });

  it('keeps provider tricks: plus tags and dots stay distinct addresses', () => {
    expect(normalizeEmail('a+work@gmail.com')).not.toBe(normalizeEmail('a@gmail.com'));
    expect(normalizeEmail('a.b@gmail.com')).not.toBe(normalizeEmail('ab@gmail.com'));
  });
});
