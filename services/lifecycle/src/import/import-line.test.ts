import { parseImportLine } from './import-line';

const HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ZmFrZWhhc2hmYWtlaGFzaGZha2VoYXNoZmFrZWhhc2g';

describe('an import line', () => {
  it('becomes a user: active with a hash, invited without a password', () => {
    const hashed = parseImportLine(
      JSON.stringify({ email: 'a@x.test', givenName: 'A', passwordHash: HASH }),
      3,
    );
    expect(hashed).toEqual({
      ok: true,
      user: {
        line: 3,
        email: 'a@x.test',
        profile: { givenName: 'A' },
        state: 'active',
        emailVerified: false,
        passwordHash: HASH,
      },
    });
    const invited = parseImportLine(JSON.stringify({ email: 'b@x.test' }), 4);
    expect(invited.ok && invited.user.state).toBe('pending_invite');
  });

  it.each([
    ['{not json', undefined, 'not valid JSON'],
    ['[1]', undefined, 'not a JSON object'],
    [JSON.stringify({ email: 'nope' }), 'email', undefined],
    [JSON.stringify({ email: 'a@x.test', passwordHash: '$2b$10$bcrypt' }), 'passwordHash', undefined],
    [
      JSON.stringify({ email: 'a@x.test', passwordHash: HASH.replace('m=19456', 'm=4194304') }),
      'passwordHash',
      undefined,
    ],
    [JSON.stringify({ email: 'a@x.test', password: 'p', passwordHash: HASH }), 'passwordHash', undefined],
    [JSON.stringify({ email: 'a@x.test', state: 'active' }), 'state', undefined],
    [JSON.stringify({ email: 'a@x.test', state: 'locked' }), 'state', undefined],
    [JSON.stringify({ email: 'a@x.test', surname: 'S' }), 'surname', 'unknown field'],
  ])('%s is refused naming %s', (text, field, reason) => {
    const parsed = parseImportLine(text, 7);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.failure.line).toBe(7);
    expect(parsed.failure.field).toBe(field);
    if (reason) expect(parsed.failure.reason).toBe(reason);
  });

  it('never repeats the line in its reason', () => {
    const parsed = parseImportLine(JSON.stringify({ email: 'secret.person@x.test', password: '' }), 1);
    expect(parsed.ok).toBe(false);
    expect(JSON.stringify(parsed)).not.toContain('secret.person');
  });
});
