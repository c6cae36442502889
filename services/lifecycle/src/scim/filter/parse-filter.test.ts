import { ScimProblem } from '../scim-problem';
import { USER_ATTRIBUTES } from '../user-resource';
import { GROUP_ATTRIBUTES } from '../group-resource';
import { USER_SCHEMA } from '../schemas';
import { matches } from './matches';
import { parseFilter } from './parse-filter';
import { toQuery } from './to-query';

const users = (f: string) => toQuery(parseFilter(f), USER_ATTRIBUTES, [USER_SCHEMA]);

function invalid(run: () => unknown): ScimProblem {
  try {
    run();
  } catch (e) {
    if (e instanceof ScimProblem) return e;
    throw e;
  }
  throw new Error('expected an invalidFilter');
}

describe('parseFilter', () => {
  it.each(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'])(
    'parses the %s operator, case-insensitively',
    (op) => {
      expect(parseFilter(`userName ${op.toUpperCase()} "a"`)).toEqual({
        kind: 'compare',
        path: { attribute: 'username' },
        op,
        value: 'a',
      });
    },
  );

  it('parses pr, values of every type, and schema-qualified paths', () => {
    expect(parseFilter('title pr')).toEqual({ kind: 'present', path: { attribute: 'title' } });
    expect(parseFilter('active eq true')).toMatchObject({ value: true });
    expect(parseFilter('x eq false')).toMatchObject({ value: false });
    expect(parseFilter('x eq null')).toMatchObject({ value: null });
    expect(parseFilter('x gt 12.5')).toMatchObject({ value: 12.5 });
    expect(parseFilter('x eq "a \\"quoted\\" word"')).toMatchObject({ value: 'a "quoted" word' });
    expect(parseFilter(`${USER_SCHEMA}:name.familyName eq "Doe"`)).toMatchObject({
      path: { schema: USER_SCHEMA, attribute: 'name.familyname' },
    });
  });

  it('binds and tighter than or', () => {
    const f = parseFilter('a eq "1" or b eq "2" and c eq "3"');
    expect(f).toMatchObject({ kind: 'or', left: { path: { attribute: 'a' } }, right: { kind: 'and' } });
  });

  it('lets parentheses and not override precedence', () => {
    expect(parseFilter('(a eq "1" or b eq "2") and c eq "3"')).toMatchObject({
      kind: 'and',
      left: { kind: 'or' },
      right: { path: { attribute: 'c' } },
    });
    expect(parseFilter('not (a eq "1") and b pr')).toMatchObject({
      kind: 'and',
      left: { kind: 'not', filter: { path: { attribute: 'a' } } },
    });
  });

  it('turns a value path into sub-attribute comparisons', () => {
    expect(parseFilter('emails[type eq "work" and value co "@x"]')).toMatchObject({
      kind: 'and',
      left: { path: { attribute: 'emails.type' } },
      right: { path: { attribute: 'emails.value' }, op: 'co' },
    });
  });

  it.each([
    ['userName eq', 'ends where a value'],
    ['userName zz "a"', 'Unknown operator'],
    ['userName eq "a" and', 'ends where an attribute'],
    ['(userName eq "a"', "')' to close ("],
    ['userName eq "a")', "Unexpected ')'"],
    ['userName eq "open', 'Unterminated string'],
    ['userName eq a', 'Expected a value'],
    ['userName eq "a" userName', "Unexpected 'userName'"],
    ['not userName eq "a"', "Expected '('"],
    ['user#Name eq "a"', "Unexpected character '#'"],
    ['', 'ends where an attribute'],
  ])('refuses %j with invalidFilter saying why', (filter, message) => {
    const e = invalid(() => parseFilter(filter));
    expect(e.scimType).toBe('invalidFilter');
    expect(e.message).toContain(message);
  });

  it('refuses absurd nesting instead of exhausting the stack', () => {
    expect(invalid(() => parseFilter(`${'('.repeat(50)}a pr${')'.repeat(50)}`)).scimType).toBe(
      'invalidFilter',
    );
  });
});

describe('toQuery', () => {
  it('compares userName and emails.value with the stored lower-cased email', () => {
    expect(users('userName eq "Ann@X.org"')).toEqual({ emailNormalized: 'ann@x.org' });
    expect(users('emails.value sw "ANN"')).toEqual({ emailNormalized: { $regex: '^ann' } });
    expect(users('emails[value ew "@x.org"]')).toEqual({ emailNormalized: { $regex: '@x\\.org$' } });
  });

  it('compares other strings case-insensitively with the value escaped', () => {
    expect(users('name.familyName eq "O.Neil"')).toEqual({
      'profile.familyName': { $regex: '^O\\.Neil$', $options: 'i' },
    });
    expect(users('displayName co "a+b"')).toEqual({ 'profile.name': { $regex: 'a\\+b', $options: 'i' } });
    expect(users('displayName ne "x"')).toEqual({
      $nor: [{ 'profile.name': { $regex: '^x$', $options: 'i' } }],
    });
    expect(users('name.givenName gt "M"')).toEqual({ 'profile.givenName': { $gt: 'M' } });
    expect(users('name.givenName le "M"')).toEqual({ 'profile.givenName': { $lte: 'M' } });
  });

  it('compares dates as dates', () => {
    expect(users('meta.created ge "2024-01-01T00:00:00Z"')).toEqual({
      createdAt: { $gte: new Date('2024-01-01T00:00:00Z') },
    });
    expect(users('meta.lastModified lt "2030-01-01T00:00:00Z"')).toEqual({
      updatedAt: { $lt: new Date('2030-01-01T00:00:00Z') },
    });
  });

  it('maps active onto the lifecycle states', () => {
    expect(users('active eq true')).toEqual({
      state: { $in: ['active', 'locked', 'password_reset_required'] },
    });
    expect(users('active ne true')).toEqual({
      state: { $nin: ['active', 'locked', 'password_reset_required'] },
    });
  });

  it('combines with $and, $or and $nor, and treats pr and eq null as presence', () => {
    expect(users('not (locale pr) or id eq "u1" and displayName eq null')).toEqual({
      $or: [
        { $nor: [{ 'profile.locale': { $exists: true, $nin: [null, ''] } }] },
        { $and: [{ _id: 'u1' }, { 'profile.name': { $in: [null, ''] } }] },
      ],
    });
  });

  it('translates group filters on displayName and members.value', () => {
    expect(toQuery(parseFilter('members.value eq "ABC"'), GROUP_ATTRIBUTES, [])).toEqual({
      memberIds: 'abc',
    });
  });

  it.each([
    ['nickName eq "a"', "Filtering by 'nickname' is not supported"],
    ['active eq "yes"', 'active is a boolean'],
    ['meta.created gt "yesterday"', 'dateTime'],
    ['meta.created co "2024"', "'co' does not apply"],
    ['userName gt 3', 'quote the value'],
    ['urn:other:schema:userName eq "a"', 'Unknown schema'],
    ['userName co null', 'cannot compare'],
  ])('refuses %j with invalidFilter', (filter, message) => {
    const e = invalid(() => users(filter));
    expect(e.scimType).toBe('invalidFilter');
    expect(e.message).toContain(message);
  });
});

describe('matches', () => {
  const email = { value: 'Ann@X.org', type: 'work', primary: true };
  it('evaluates value filters on one element, case-insensitively', () => {
    expect(matches(parseFilter('type eq "WORK"'), email)).toBe(true);
    expect(matches(parseFilter('value co "@x." and not (type eq "home")'), email)).toBe(true);
    expect(matches(parseFilter('primary eq false or type sw "h"'), email)).toBe(false);
    expect(matches(parseFilter('display pr'), email)).toBe(false);
  });
});
