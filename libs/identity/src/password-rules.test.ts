import { passwordViolations } from './password-rules';

const rules = { minLength: 12, blockCommon: true, history: 3 };

describe('passwordViolations', () => {
  it('refuses a short password, naming the field', () => {
    expect(passwordViolations('short', rules, 'body.newPassword')).toEqual([
      { field: 'body.newPassword', message: 'must be at least 12 characters' },
    ]);
  });

  it('refuses a password of the shipped common list in any case, unless the policy allows them', () => {
    expect(passwordViolations('Password1234', rules)).toHaveLength(1);
    expect(passwordViolations('Password1234', { ...rules, blockCommon: false })).toEqual([]);
  });

  it('accepts a long uncommon password', () => {
    expect(passwordViolations('violet tractor sings', rules)).toEqual([]);
  });
});
