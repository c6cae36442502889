/**
 * BCP 47 language tags as the platform stores them: language, optional script, optional region
 * (`en`, `de-CH`, `zh-Hant-TW`, `es-419`), in their canonical case so lookups match exactly.
 * https://www.rfc-editor.org/rfc/rfc5646#section-2.1
 */
export const LOCALE_TAG = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$/;

export const LOCALE_TAG_HINT = 'a BCP 47 language tag such as en, de-CH or zh-Hant-TW';

export function isLocaleTag(value: string): boolean {
  return LOCALE_TAG.test(value);
}

/** `de` for `de-CH`: the next best match when a tenant has no template for the exact locale. */
export function languageOf(locale: string): string {
  return locale.split('-')[0] ?? locale;
}
