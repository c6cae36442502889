import { catalog } from '@idaas/events';
import { eventTypeFilterProblem } from './webhook-event-types';

const published = catalog.all().map((t) => t.type);

describe('webhook event-type filters', () => {
  it.each(['idaas.user.registered.v1', 'idaas.tenant.created.v1', 'idaas.user.*', 'idaas.*'])(
    'admits %s',
    (filter) => {
      expect(eventTypeFilterProblem(filter, published)).toBeUndefined();
    },
  );

  it.each([
    ['an unknown type', 'idaas.user.exploded.v1', /not a published event type/],
    ['a type without its version', 'idaas.user.registered', /not a published event type/],
    ['a bare star', '*', /not a published event type/],
    ['a pattern matching nothing', 'idaas.usr.*', /matches no published event type/],
    ['an empty pattern', '.*', /matches no published event type/],
    ['a star inside the type', 'idaas.*.registered.v1', /not a published event type/],
  ])('refuses %s', (_what, filter, why) => {
    expect(eventTypeFilterProblem(filter, published)).toMatch(why);
  });
});
