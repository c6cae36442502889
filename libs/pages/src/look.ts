import type { Branding } from '@idaas/events';
import type { PageLook } from './layout';
import { pickLocale, type Translate } from './locale';

/** What a page needs to know of the tenant: nothing at all when it is suspended or deleted. */
export interface PageTenant {
  status: string;
  displayName: string;
}

/**
 * The tenant's look in the language the request asks for (`ui_locales`, then Accept-Language),
 * among the tenant's locales that the service has strings for; else the tenant's default.
 */
export function pageLook<K extends string>(
  tenant: PageTenant | undefined,
  branding: Branding | undefined,
  request: { acceptLanguage: string | undefined; uiLocales?: readonly string[] },
  strings: { locales: readonly string[]; translator: (locale: string) => Translate<K> },
): PageLook<K> {
  // A suspended or deleted tenant's pages show nothing of it.
  const live = tenant?.status === 'active' ? tenant : undefined;
  const shown = live ? branding : undefined;
  const supported = (shown?.supportedLocales ?? ['en']).filter((l) =>
    strings.locales.includes(l.split('-')[0]?.toLowerCase() ?? ''),
  );
  const locale = pickLocale(
    request.uiLocales ?? [],
    request.acceptLanguage,
    supported.length ? supported : ['en'],
    shown?.defaultLocale ?? 'en',
  );
  return {
    productName: shown?.productName ?? live?.displayName ?? 'Sign in',
    logoUrl: shown?.logoUrl ?? null,
    faviconUrl: shown?.faviconUrl ?? null,
    colors: shown?.colors ?? { primary: '#1a73e8', background: '#ffffff', text: '#202124' },
    locale,
    t: strings.translator(locale),
  };
}
