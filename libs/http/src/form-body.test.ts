import { parseForm } from './form-body';

describe('a form body', () => {
  it('decodes names and values, plus signs as spaces', () => {
    expect({ ...parseForm('grant_type=client_credentials&scope=a+b%20c&x=%C3%BC') }).toEqual({
      grant_type: 'client_credentials',
      scope: 'a b c',
      x: 'ü',
    });
  });

  it('keeps every value of a repeated name, so a guard can refuse it', () => {
    expect({ ...parseForm('scope=a&scope=b&scope=c') }).toEqual({ scope: ['a', 'b', 'c'] });
  });

  it('treats __proto__ as an ordinary field', () => {
    const fields = parseForm('__proto__=x&constructor=y');
    expect(fields['__proto__']).toBe('x');
    expect(Object.getPrototypeOf(fields)).toBeNull();
  });

  it('refuses more than a thousand fields', () => {
    const many = Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join('&');
    expect(() => parseForm(many)).toThrow(/at most 1000 fields/);
  });
});
