import type { MessageKind } from './kinds';
import { languageOf } from './locale';
import { PLATFORM_DEFAULT_LOCALE, platformDefaultTemplate } from './platform-defaults';
import type { MessageTemplate } from './template';

/** Where a tenant's own templates are found: one exact (tenant, kind, locale) look-up. */
export type TemplateLookup = (
  tenantId: string,
  kind: MessageKind,
  locale: string,
) => MessageTemplate | undefined;

export interface ResolvedTemplate {
  template: MessageTemplate;
  /** The locale whose template was chosen. */
  locale: string;
  source: 'tenant' | 'platform';
}

/**
 * The template to send: the tenant's for the exact locale, then for its language (`de` for
 * `de-CH`), then for the tenant's default locale, and finally the platform's own.
 */
export function resolveTemplate(
  lookup: TemplateLookup,
  tenantId: string,
  kind: MessageKind,
  locale: string,
  tenantDefaultLocale: string,
): ResolvedTemplate {
  const candidates = [...new Set([locale, languageOf(locale), tenantDefaultLocale])];
  for (const candidate of candidates) {
    const template = lookup(tenantId, kind, candidate);
    if (template) return { template, locale: candidate, source: 'tenant' };
  }
  return { template: platformDefaultTemplate(kind), locale: PLATFORM_DEFAULT_LOCALE, source: 'platform' };
}
