import { z } from 'zod';
import { LOCALE_TAG, LOCALE_TAG_HINT, MESSAGE_KINDS } from '@idaas/messages';
import { defineEvent } from '../catalog';

export const localeTag = z.string().regex(LOCALE_TAG, LOCALE_TAG_HINT);

const httpsUrl = z
  .string()
  .max(2000)
  .url('an absolute https URL')
  // Hosted pages are served over https; an http logo would make browsers warn about mixed content.
  .refine((u) => u.startsWith('https://'), 'an absolute https URL');

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour such as #1a73e8');

/**
 * How a tenant's hosted pages and messages look, with what a new tenant gets. Null means "not
 * set": no logo, and the tenant's display name as product name.
 */
export const brandingSchema = z.object({
  productName: z.string().trim().min(1).max(100).nullable().default(null),
  logoUrl: httpsUrl.nullable().default(null),
  faviconUrl: httpsUrl.nullable().default(null),
  colors: z
    .object({
      primary: colour.default('#1a73e8'),
      background: colour.default('#ffffff'),
      text: colour.default('#202124'),
    })
    .strict()
    .default({ primary: '#1a73e8', background: '#ffffff', text: '#202124' }),
  supportEmail: z.string().email().max(254).nullable().default(null),
  defaultLocale: localeTag.default('en'),
  supportedLocales: z.array(localeTag).min(1).max(50).default(['en']),
});

export type Branding = z.output<typeof brandingSchema>;

export const messageKind = z.enum(MESSAGE_KINDS);

export const BrandingChangedV1 = defineEvent({
  type: 'idaas.branding.changed.v1',
  stream: 'config',
  description:
    "A tenant's branding changed. Carries the whole branding with its version; subject is the tenant.",
  data: z.object({ tenantId: z.string(), branding: brandingSchema, version: z.number().int().positive() }),
});

export const TemplateChangedV1 = defineEvent({
  type: 'idaas.template.changed.v1',
  stream: 'config',
  description:
    "A tenant's message template for one kind and locale was saved, or deleted (status deleted: the fallback applies again). Subject is `<tenantId>/<kind>/<locale>`.",
  data: z.object({
    tenantId: z.string(),
    kind: messageKind,
    locale: localeTag,
    subject: z.string(),
    html: z.string(),
    text: z.string(),
    status: z.enum(['active', 'deleted']),
    version: z.number().int().positive(),
  }),
});

/** The subject (and so the Kafka key) of a template's events: one aggregate per tenant, kind and locale. */
export const templateSubject = (t: { tenantId: string; kind: string; locale: string }): string =>
  `${t.tenantId}/${t.kind}/${t.locale}`;
