import { asksForExtension, project } from './list-query';
import { MFA_EXTENSION_SCHEMA as MFA, mfaExtensionOf, withMfaExtension } from './mfa-extension';
import { applyPatch } from './patch';
import { ScimProblem } from './scim-problem';
import { USER_SCHEMA } from './schemas';

const enrolledAt = new Date('2024-05-01T10:00:00Z');
const lastUsedAt = new Date('2024-05-02T08:30:00Z');

const scimUser = () => ({
  schemas: [USER_SCHEMA],
  id: 'u1',
  userName: 'ann@x.org',
  name: { givenName: 'Ann', familyName: 'Archer' },
  active: true,
  meta: { resourceType: 'User', version: 'W/"1"' },
});

const enrolled = () =>
  withMfaExtension(scimUser(), {
    enrolments: [
      { method: 'totp', enrolledAt, lastUsedAt },
      { method: 'recovery_code', enrolledAt, remaining: 9 },
    ],
    preferredMethod: 'totp',
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

describe('the MFA extension of a SCIM user', () => {
  it('shows enrolments as dates and counts, never more, and lists its URN in schemas', () => {
    const user = enrolled();
    expect(user.schemas).toEqual([USER_SCHEMA, MFA]);
    expect(user[MFA]).toEqual({
      enrolments: [
        {
          method: 'totp',
          enrolledAt: '2024-05-01T10:00:00.000Z',
          lastUsedAt: '2024-05-02T08:30:00.000Z',
        },
        { method: 'recovery_code', enrolledAt: '2024-05-01T10:00:00.000Z', remaining: 9 },
      ],
      preferredMethod: 'totp',
    });
  });

  it('is left out, URN and all, for a user without enrolments or settings', () => {
    expect(mfaExtensionOf({ enrolments: [] })).toBeUndefined();
    expect(withMfaExtension(scimUser(), { enrolments: [] })).toEqual(scimUser());
    expect(mfaExtensionOf({ enrolments: [], allowedMethods: ['webauthn'] })).toEqual({
      allowedMethods: ['webauthn'],
    });
  });
});

describe('attributes and excludedAttributes with the extension', () => {
  it('knows when a list asks for the extension, by its URN or an attribute of it, in any case', () => {
    expect(asksForExtension(undefined, MFA)).toBe(false);
    expect(asksForExtension('userName,name.givenName', MFA)).toBe(false);
    expect(asksForExtension('enrolments', MFA)).toBe(false);
    expect(asksForExtension(`userName, ${MFA}`, MFA)).toBe(true);
    expect(asksForExtension(`${MFA.toUpperCase()}:Enrolments.method`, MFA)).toBe(true);
  });

  it('returns it by default, and drops it or one of its attributes when excluded', () => {
    expect(project(enrolled())[MFA]).toBeDefined();
    const without = project(enrolled(), undefined, MFA);
    expect(without[MFA]).toBeUndefined();
    expect(without.schemas).toEqual([USER_SCHEMA]);
    expect(without.userName).toBe('ann@x.org');
    expect(project(enrolled(), undefined, `${MFA}:preferredMethod`)[MFA]).toEqual({
      enrolments: enrolled()[MFA]!.enrolments,
    });
  });

  it('keeps only what attributes names: the extension alone, one attribute, or one sub-attribute', () => {
    const onlyMfa = project(enrolled(), MFA);
    expect(Object.keys(onlyMfa).sort()).toEqual(['id', 'meta', 'schemas', MFA].sort());
    expect(onlyMfa.schemas).toEqual([USER_SCHEMA, MFA]);
    expect(project(enrolled(), `${MFA}:enrolments.method`)[MFA]).toEqual({
      enrolments: [{ method: 'totp' }, { method: 'recovery_code' }],
    });
    const core = project(enrolled(), 'userName');
    expect(core.userName).toBe('ann@x.org');
    expect(core[MFA]).toBeUndefined();
    expect(core.schemas).toEqual([USER_SCHEMA]);
    // A core name that happens to match the extension's attribute name does not reach into it.
    expect(project(enrolled(), 'enrolments')[MFA]).toBeUndefined();
  });

  it('still strips the core schema URN from core names', () => {
    expect(project(enrolled(), `${USER_SCHEMA}:name.givenName`).name).toEqual({ givenName: 'Ann' });
  });
});

describe('PATCH and the read-only extension', () => {
  it.each([
    { op: 'replace', path: MFA, value: {} },
    { op: 'add', path: `${MFA}:enrolments`, value: [{ method: 'totp' }] },
    { op: 'remove', path: `${MFA.toUpperCase()}:ENROLMENTS[method eq "totp"]` },
    { op: 'replace', path: `${MFA}:preferredMethod`, value: 'totp' },
    { op: 'replace', value: { [MFA]: { preferredMethod: 'totp' } } },
    { op: 'add', value: { [`${MFA}:allowedMethods`]: ['totp'] } },
  ])('refuses %j with mutability', (operation) => {
    const refused = problem(() => applyPatch(scimUser(), [operation], [MFA]));
    expect(refused.status).toBe(400);
    expect(refused.scimType).toBe('mutability');
  });

  it('lets other attributes be patched beside it', () => {
    expect(
      applyPatch(scimUser(), [{ op: 'replace', path: 'name.givenName', value: 'Anna' }], [MFA]).name,
    ).toEqual({ givenName: 'Anna', familyName: 'Archer' });
  });
});
