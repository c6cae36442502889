import type { Db } from 'mongodb';
import { BrandingChangedV1, brandingSchema, TemplateChangedV1, type CloudEvent } from '@idaas/events';
import { platformDefaultTemplate } from '@idaas/messages';
import { BrandingReplica } from './branding-replica';

/** Just enough of a database for a replica: nothing is loaded, every write is accepted. */
const noStore = {
  collection: () => ({
    find: () => ({ toArray: async () => [] }),
    updateOne: async () => ({ matchedCount: 1 }),
  }),
} as unknown as Db;

const origin = { source: '/test', tenantId: 'T' };
const template = (locale: string, subject: string, version = 1, status: 'active' | 'deleted' = 'active') =>
  TemplateChangedV1.create(
    `T/verification/${locale}`,
    {
      tenantId: 'T',
      kind: 'verification',
      locale,
      subject,
      html: '<p>{{link}}</p>',
      text: '{{link}}',
      status,
      version,
    },
    origin,
  );

async function replicaWith(...events: CloudEvent[]): Promise<BrandingReplica> {
  const replica = new BrandingReplica(noStore);
  const handlers = replica.handlers();
  for (const event of events)
    await handlers[event.type]!({ event } as Parameters<(typeof handlers)[string]>[0]);
  return replica;
}

describe('BrandingReplica', () => {
  it('answers the default branding and the platform templates for a tenant that saved nothing', async () => {
    const replica = await replicaWith();
    expect(replica.brandingOf('T')).toEqual(brandingSchema.parse({}));
    expect(replica.templateFor('T', 'verification', 'de-CH')).toEqual({
      template: platformDefaultTemplate('verification'),
      locale: 'en',
      source: 'platform',
    });
  });

  it("falls back through the locale's language to the tenant's default locale", async () => {
    const branding = brandingSchema.parse({ defaultLocale: 'fr', supportedLocales: ['fr', 'de'] });
    const replica = await replicaWith(
      BrandingChangedV1.create('T', { tenantId: 'T', branding, version: 1 }, origin),
      template('de', 'Deutsch'),
      template('fr', 'Français'),
    );
    expect(replica.templateFor('T', 'verification', 'de-CH').template.subject).toBe('Deutsch');
    expect(replica.templateFor('T', 'verification', 'it').template.subject).toBe('Français');
    expect(replica.templateFor('U', 'verification', 'de').source).toBe('platform');
  });

  it('forgets a deleted template and ignores an older snapshot arriving late', async () => {
    const replica = await replicaWith(
      template('en', 'Mine'),
      template('en', 'Mine', 2, 'deleted'),
      template('en', 'Old', 1),
    );
    expect(replica.templateFor('T', 'verification', 'en').source).toBe('platform');
  });
});
