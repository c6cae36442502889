import { MongoClient } from 'mongodb';
import { uniqueRegion } from './support/names';
import { startStack } from './support/stack';
import { eventually } from './support/wait';

interface Problem {
  errors: { field: string; message: string }[];
}
interface Preview {
  locale: string;
  source: string;
  subject: string;
  html: string;
  text: string;
}

const GERMAN = {
  subject: 'Bitte bestätigen Sie Ihre Adresse für {{tenant.name}}',
  html: '<p>Hallo {{user.name}}, <a href="{{link}}">bestätigen</a>{{#if code}} oder Code {{code}}{{/if}}.</p>',
  text: 'Hallo {{user.name}}, bitte öffnen Sie {{link}}',
};

describe('branding and message templates', () => {
  const eu = uniqueRegion('be');
  const us = uniqueRegion('bu');
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let stack: Awaited<ReturnType<typeof startStack>>;
  let tenantId: string;

  const inRegions = (collection: string, id: string, what: (doc: Record<string, unknown>) => boolean) =>
    Promise.all(
      [eu, us].map((region) =>
        eventually(
          async () => {
            const doc = await mongo
              .db(`idaas_${region}_authentication`)
              .collection<{ _id: string }>(collection)
              .findOne({ _id: id });
            return doc && what(doc) ? doc : undefined;
          },
          { what: `${collection} ${id} in ${region}` },
        ),
      ),
    );

  beforeAll(async () => {
    await mongo.connect();
    stack = await startStack([eu, us], `mgmt_${eu}`);
    tenantId = await stack.createTenant(`brand-${eu}`, eu);
  });

  afterAll(async () => {
    await stack?.close();
    await mongo.close();
  });

  it('starts from default branding and replicates saved branding to both regions', async () => {
    const initial = await stack.admin<{ version: number; branding: { defaultLocale: string } }>(
      `/admin/tenants/${tenantId}/branding`,
    );
    expect(initial.body).toMatchObject({ version: 0, branding: { defaultLocale: 'en', logoUrl: null } });

    const saved = await stack.admin<{ version: number }>(`/admin/tenants/${tenantId}/branding`, 'PUT', {
      productName: 'Acme <ID>',
      logoUrl: 'https://cdn.acme.example/logo.svg',
      colors: { primary: '#aa0000' },
      supportEmail: 'help@acme.example',
      defaultLocale: 'de',
      supportedLocales: ['de', 'de-CH', 'en'],
      version: 0,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(1);
    for (const doc of await inRegions('replica_branding', tenantId, (d) => d.version === 1)) {
      expect(doc).toMatchObject({
        tenantId,
        branding: {
          productName: 'Acme <ID>',
          colors: { primary: '#aa0000', background: '#ffffff' },
          defaultLocale: 'de',
          supportedLocales: ['de', 'de-CH', 'en'],
        },
      });
    }
  });

  it('refuses a save over a stale version with 409, keeping the newer branding', async () => {
    const stale = await stack.admin(`/admin/tenants/${tenantId}/branding`, 'PUT', {
      productName: 'Overwritten',
      defaultLocale: 'de',
      supportedLocales: ['de'],
      version: 0,
    });
    expect(stale.status).toBe(409);
    const kept = await stack.admin<{ version: number; branding: { productName: string } }>(
      `/admin/tenants/${tenantId}/branding`,
    );
    expect(kept.body).toMatchObject({ version: 1, branding: { productName: 'Acme <ID>' } });
  });

  it('refuses bad branding field by field', async () => {
    const bad = await stack.admin<Problem>(`/admin/tenants/${tenantId}/branding`, 'PUT', {
      logoUrl: 'http://cdn.acme.example/logo.svg',
      colors: { primary: 'red' },
      supportedLocales: ['de_CH'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toEqual([
      'body.logoUrl',
      'body.colors.primary',
      'body.supportedLocales.0',
    ]);
    const mismatch = await stack.admin<Problem>(`/admin/tenants/${tenantId}/branding`, 'PUT', {
      defaultLocale: 'fr',
      supportedLocales: ['de'],
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors.map((e) => e.field)).toEqual(['body.defaultLocale']);
  });

  it('saves a German template, replicates it, and the preview renders it with escaped values', async () => {
    const path = `/admin/tenants/${tenantId}/templates/verification/de`;
    const saved = await stack.admin<{ version: number }>(path, 'PUT', GERMAN);
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(1);
    expect((await stack.admin(path)).body).toMatchObject({ ...GERMAN, kind: 'verification', locale: 'de' });
    const listed = await stack.admin<{ items: { kind: string; locale: string }[] }>(
      `/admin/tenants/${tenantId}/templates`,
    );
    expect(listed.body.items.map((t) => `${t.kind}/${t.locale}`)).toEqual(['verification/de']);
    await inRegions(
      'replica_message_templates',
      `${tenantId}/verification/de`,
      (d) => d.status === 'active' && d.version === 1 && d.subject === GERMAN.subject,
    );

    // de-CH has no template of its own: its language's applies.
    const preview = await stack.admin<Preview>(
      `/admin/tenants/${tenantId}/templates/verification/de-CH/preview`,
      'POST',
      { values: { 'user.name': '<script>alert(1)</script>' } },
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ locale: 'de', source: 'tenant' });
    expect(preview.body.subject).toBe('Bitte bestätigen Sie Ihre Adresse für Acme <ID>');
    expect(preview.body.html).toContain('Hallo &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(preview.body.html).not.toContain('<script>');
    expect(preview.body.text).toContain('Hallo <script>alert(1)</script>');
  });

  it('falls back to the platform default once the template is deleted, in the regions too', async () => {
    const path = `/admin/tenants/${tenantId}/templates/verification/de`;
    expect((await stack.admin(path, 'DELETE')).status).toBe(204);
    expect((await stack.admin(path)).status).toBe(404);
    expect((await stack.admin(path, 'DELETE')).status).toBe(404);
    await inRegions(
      'replica_message_templates',
      `${tenantId}/verification/de`,
      (d) => d.status === 'deleted' && d.version === 2,
    );
    const preview = await stack.admin<Preview>(`${path}/preview`, 'POST', {});
    expect(preview.body).toMatchObject({ locale: 'en', source: 'platform' });
    expect(preview.body.subject).toBe('Verify your email address for Acme <ID>');

    // Saved again after the deletion, its version keeps growing so regions take it.
    expect((await stack.admin<{ version: number }>(path, 'PUT', GERMAN)).body.version).toBe(3);
    await inRegions('replica_message_templates', `${tenantId}/verification/de`, (d) => d.status === 'active');
  });

  it.each([
    [
      'an unknown variable',
      { text: 'Open {{link}}, {{user.password}}' },
      'body.text',
      'unknown variable {{user.password}}',
    ],
    [
      'a missing required variable',
      { html: '<p>Hallo</p>' },
      'body.html',
      'missing required variable {{link}}',
    ],
    ['unescaped output', { html: '<p>{{{link}}}</p>' }, 'body.html', 'unescaped output'],
    [
      'misnested markup',
      { html: '<p><b>{{link}}</p>' },
      'body.html',
      '<b> at line 1, column 4 is never closed',
    ],
    ['an unclosed tag', { html: '<p>{{link}}</p><div' }, 'body.html', 'eof-in-tag'],
    ['bad Handlebars', { text: '{{#if code}}{{link}}' }, 'body.text', 'template syntax'],
    ['a two-line subject', { subject: 'Hallo\nWelt' }, 'body.subject', 'single line'],
  ])('refuses %s, naming the field, and stores nothing', async (_name, change, field, message) => {
    const path = `/admin/tenants/${tenantId}/templates/recovery/fr`;
    const bad = await stack.admin<Problem>(path, 'PUT', { ...GERMAN, ...change });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field, message: expect.stringContaining(message) }]);
    expect((await stack.admin(path)).status).toBe(404);
  });

  it('refuses an unknown kind or a malformed locale', async () => {
    const kind = await stack.admin<Problem>(`/admin/tenants/${tenantId}/templates/spam/de`, 'PUT', GERMAN);
    expect(kind.status).toBe(400);
    expect(kind.body.errors.map((e) => e.field)).toEqual(['params.kind']);
    const locale = await stack.admin<Problem>(
      `/admin/tenants/${tenantId}/templates/verification/german`,
      'PUT',
      GERMAN,
    );
    expect(locale.status).toBe(400);
    expect(locale.body.errors.map((e) => e.field)).toEqual(['params.locale']);
  });
});
