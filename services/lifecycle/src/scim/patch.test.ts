import { applyPatch, parsePatchPath } from './patch';
import { ScimProblem } from './scim-problem';

const user = () => ({
  id: 'u1',
  userName: 'ann@x.org',
  name: { givenName: 'Ann' },
  emails: [
    { value: 'ann@x.org', type: 'work', primary: true },
    { value: 'ann@home.org', type: 'home' },
  ],
  active: true,
});

function problem(run: () => unknown): ScimProblem {
  try {
    run();
  } catch (e) {
    if (e instanceof ScimProblem) return e;
    throw e;
  }
  throw new Error('expected a ScimProblem');
}

describe('parsePatchPath', () => {
  it('parses attributes, sub-attributes, value filters and schema prefixes', () => {
    expect(parsePatchPath('active')).toEqual({ attribute: 'active' });
    expect(parsePatchPath('name.givenName')).toEqual({ attribute: 'name', subAttribute: 'givenname' });
    expect(parsePatchPath('urn:ietf:params:scim:schemas:core:2.0:User:name.familyName')).toEqual({
      attribute: 'name',
      subAttribute: 'familyname',
    });
    expect(parsePatchPath('emails[type eq "work"].value')).toMatchObject({
      attribute: 'emails',
      subAttribute: 'value',
      filter: { kind: 'compare', op: 'eq', value: 'work' },
    });
  });

  it.each(['', 'a.b.c', 'emails[type eq]', 'emails[type eq "w"]x', '1abc'])(
    'refuses %j as invalidPath',
    (path) => {
      expect(problem(() => parsePatchPath(path)).scimType).toBe('invalidPath');
    },
  );
});

describe('applyPatch', () => {
  it('replaces a value selected by a filter, and leaves the input alone', () => {
    const before = user();
    const after = applyPatch(before, [
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'ann@new.org' },
    ]);
    expect(after.emails).toEqual([
      { value: 'ann@new.org', type: 'work', primary: true },
      { value: 'ann@home.org', type: 'home' },
    ]);
    expect(before.emails[0]!.value).toBe('ann@x.org');
  });

  it('adds and replaces sub-attributes, case-insensitively, and active', () => {
    const after = applyPatch(user(), [
      { op: 'Add', path: 'name.familyName', value: 'Lee' },
      { op: 'REPLACE', path: 'Name.GivenName', value: 'Anna' },
      { op: 'replace', path: 'active', value: false },
    ]);
    expect(after.name).toEqual({ givenName: 'Anna', familyname: 'Lee' });
    expect(after.active).toBe(false);
  });

  it('applies an op without a path to each attribute of its value', () => {
    const after = applyPatch(user(), [
      { op: 'replace', value: { active: false, 'name.givenName': 'Bo', name: { familyName: 'Z' } } },
    ]);
    expect(after).toMatchObject({ active: false, name: { givenName: 'Bo', familyName: 'Z' } });
  });

  it('removes attributes, filtered values, and members by value', () => {
    expect(applyPatch(user(), [{ op: 'remove', path: 'name.givenName' }]).name).toEqual({});
    expect(applyPatch(user(), [{ op: 'remove', path: 'emails[type eq "home"]' }]).emails).toHaveLength(1);
    const group = { members: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] };
    expect(applyPatch(group, [{ op: 'remove', path: 'members[value eq "b"]' }]).members).toEqual([
      { value: 'a' },
      { value: 'c' },
    ]);
    expect(
      applyPatch(group, [{ op: 'remove', path: 'members', value: [{ value: 'a' }, { value: 'c' }] }]).members,
    ).toEqual([{ value: 'b' }]);
  });

  it('adds members once each', () => {
    const group = { members: [{ value: 'a' }] };
    expect(
      applyPatch(group, [{ op: 'add', path: 'members', value: [{ value: 'A' }, { value: 'b' }] }]).members,
    ).toEqual([{ value: 'a' }, { value: 'b' }]);
  });

  it.each([
    [{ op: 'move', path: 'active', value: true }, 'invalidSyntax'],
    [{ op: 'remove' }, 'noTarget'],
    [{ op: 'replace', path: 'emails[type eq "other"].value', value: 'x@y.z' }, 'noTarget'],
    [{ op: 'replace', path: 'id', value: 'u2' }, 'mutability'],
    [{ op: 'add', path: 'active' }, 'invalidValue'],
    [{ op: 'replace', value: 'not an object' }, 'invalidValue'],
    [{ op: 'replace', path: 'emails.value', value: 'x@y.z' }, 'invalidPath'],
  ])('refuses %j with %s', (operation, scimType) => {
    expect(problem(() => applyPatch(user(), [operation])).scimType).toBe(scimType);
  });
});
