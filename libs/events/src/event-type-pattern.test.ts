import { matchesEventType } from './event-type-pattern';

describe('matchesEventType', () => {
  it('matches exact types only exactly', () => {
    expect(matchesEventType(['idaas.user.registered.v1'], 'idaas.user.registered.v1')).toBe(true);
    expect(matchesEventType(['idaas.user.registered.v1'], 'idaas.user.registered.v2')).toBe(false);
  });

  it('matches a .* pattern on whole segments', () => {
    expect(matchesEventType(['idaas.user.*'], 'idaas.user.registered.v1')).toBe(true);
    expect(matchesEventType(['idaas.user.*'], 'idaas.username.changed.v1')).toBe(false);
    expect(matchesEventType(['idaas.user.*'], 'idaas.user')).toBe(false);
    expect(matchesEventType(['idaas.*'], 'idaas.tenant.created.v1')).toBe(true);
  });

  it('matches when any filter matches, and nothing for no filters', () => {
    expect(matchesEventType(['idaas.auth.*', 'idaas.tenant.created.v1'], 'idaas.tenant.created.v1')).toBe(
      true,
    );
    expect(matchesEventType([], 'idaas.tenant.created.v1')).toBe(false);
  });
});
