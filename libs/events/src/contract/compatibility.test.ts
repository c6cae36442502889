import { z } from 'zod';
import { breakingChanges, explainBreakingChanges, schemaBreaks } from './compatibility';
import type { JsonSchema } from './json-schema';

const json = (s: z.ZodType) => z.toJSONSchema(s, { io: 'output' }) as JsonSchema;
const base = z.object({
  userId: z.string().min(1),
  reason: z.enum(['a', 'b']),
  note: z.string().optional(),
  count: z.number().int().min(0),
});
const breaks = (after: z.ZodType) => schemaBreaks(json(base), json(after)).map(([p, c]) => `${p}: ${c}`);

describe('contract compatibility', () => {
  it('accepts the same schema and additive changes', () => {
    expect(breaks(base)).toEqual([]);
    expect(breaks(base.extend({ extra: z.string().optional() }))).toEqual([]);
    expect(breaks(base.extend({ reason: z.enum(['a', 'b', 'c']) }))).toEqual([]);
    expect(breaks(base.extend({ note: z.string().nullable().optional() }))).toEqual([]);
    expect(breaks(base.extend({ userId: z.string() }))).toEqual([]);
  });

  it('flags a removed field and a newly required one', () => {
    expect(breaks(base.omit({ note: true }))).toEqual(['note: field removed']);
    expect(breaks(base.extend({ note: z.string() }))).toEqual(['note: field newly required']);
    expect(breaks(base.extend({ tenant: z.string() }))).toEqual(['tenant: field newly required']);
  });

  it('flags narrowed types, enums and tightened constraints', () => {
    expect(breaks(base.extend({ reason: z.enum(['a']) }))).toEqual(['reason: enum values removed: ["b"]']);
    expect(breaks(base.extend({ count: z.string() }))).toEqual(['count: type integer narrowed to string']);
    expect(breaks(base.extend({ userId: z.string().min(1).max(10) }))).toEqual([
      'userId: maxLength tightened to 10',
    ]);
    expect(breaks(base.extend({ note: z.enum(['x']).optional() }))).toEqual([
      'note: narrowed to the values ["x"]',
    ]);
    expect(breaks(base.extend({ userId: z.string().min(1).uuid() }))).toEqual(
      expect.arrayContaining(['userId: format changed to uuid']),
    );
  });

  it('flags a removed event type, ignores a new one, and says to publish a v2', () => {
    const before = { 'idaas.x.a.v1': json(base), 'idaas.x.b.v1': json(base) };
    const after = { 'idaas.x.a.v1': json(base), 'idaas.x.c.v1': json(base) };
    const changes = breakingChanges(before, after);
    expect(changes).toEqual([{ type: 'idaas.x.b.v1', path: '(type)', change: 'event type removed' }]);
    expect(explainBreakingChanges(changes)).toContain('new versioned type (e.g. ...v2)');
  });
});
