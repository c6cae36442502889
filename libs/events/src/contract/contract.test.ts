import { catalog } from '../types';
import { asyncApiDocument, messageKey } from './asyncapi';
import { breakingChanges, explainBreakingChanges } from './compatibility';
import { readCheckedInSchemas } from './contract-files';
import { eventJsonSchemas, type JsonSchema } from './json-schema';

describe('published event contract', () => {
  const generated = eventJsonSchemas(catalog);

  it('has no breaking change against the checked-in schemas (libs/events/contract)', () => {
    const checkedIn = readCheckedInSchemas();
    expect(Object.keys(checkedIn).length).toBeGreaterThan(0);
    const changes = breakingChanges(checkedIn, generated);
    if (changes.length > 0) throw new Error(explainBreakingChanges(changes));
  });

  it('describes every type as a CloudEvent whose type is fixed and whose data is required', () => {
    for (const [type, schema] of Object.entries(generated)) {
      const props = schema.properties as Record<string, JsonSchema>;
      expect(props.type).toMatchObject({ const: type });
      expect(schema.required).toEqual(expect.arrayContaining(['id', 'type', 'source', 'time', 'data']));
    }
  });

  it('builds an AsyncAPI 3.0 document: every channel has an address, every message a payload', () => {
    const doc = asyncApiDocument(catalog);
    expect(doc.asyncapi).toBe('3.0.0');
    const channels = doc.channels as Record<string, JsonSchema>;
    const messages = (doc.components as { messages: Record<string, JsonSchema> }).messages;
    expect(Object.keys(messages).sort()).toEqual(
      catalog
        .all()
        .map((t) => messageKey(t.type))
        .sort(),
    );
    for (const m of Object.values(messages)) expect(m.payload).toMatchObject({ type: 'object' });
    for (const c of Object.values(channels)) {
      expect(typeof c.address).toBe('string');
      // A `{region}` in the address is declared as a parameter, and every message reference resolves.
      if (String(c.address).includes('{region}')) expect(c.parameters).toHaveProperty('region');
      for (const ref of Object.values(c.messages as Record<string, { $ref: string }>)) {
        expect(messages[ref.$ref.replace('#/components/messages/', '')]).toBeDefined();
      }
    }
    expect(channels.user?.address).toBe('idaas.{region}.user.v1');
    expect(channels.config?.address).toBe('idaas.config.v1');
    for (const op of Object.values(doc.operations as Record<string, { channel: { $ref: string } }>)) {
      expect(channels[op.channel.$ref.replace('#/channels/', '')]).toBeDefined();
    }
  });
});
