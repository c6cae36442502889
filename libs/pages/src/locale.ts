/** Strings of one locale; `{name}` placeholders are filled in, and the result is plain text (escape it). */
export type Translate<K extends string = string> = (key: K, vars?: Record<string, string>) => string;

/**
 * A service's page strings: English complete, every other locale falling back to it key by key,
 * so a missing translation shows English rather than a key.
 */
export function pageCatalog<K extends string>(
  en: Record<K, string>,
  others: Record<string, Partial<Record<K, string>>>,
): { locales: string[]; translator: (locale: string) => Translate<K> } {
  const catalog: Record<string, Partial<Record<K, string>>> = { ...others, en };
  return {
    locales: Object.keys(catalog),
    translator: (locale) => {
      const table = catalog[locale.split('-')[0]?.toLowerCase() ?? 'en'] ?? en;
      return (key, vars = {}) =>
        (table[key] ?? en[key]).replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
    },
  };
}

/**
 * The page language: the first of `ui_locales` (OpenID Connect Core 3.1.2.1), else of
 * Accept-Language, that the tenant supports and we have strings for; else the tenant's default.
 */
export function pickLocale(
  uiLocales: readonly string[],
  acceptLanguage: string | undefined,
  supported: readonly string[],
  fallback: string,
): string {
  const fromHeader = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q ? Number(q) : 1 };
    })
    .filter((l) => l.tag && l.tag !== '*' && l.q > 0)
    .sort((a, b) => b.q - a.q)
    .map((l) => l.tag);
  for (const wanted of [...uiLocales, ...fromHeader]) {
    const exact = supported.find((s) => s.toLowerCase() === wanted.toLowerCase());
    const base = supported.find((s) => s.toLowerCase() === wanted.split('-')[0]?.toLowerCase());
    const hit = exact ?? base;
    if (hit) return hit;
  }
  return fallback;
}
