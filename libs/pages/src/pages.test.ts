import { html } from './html';
import { page, readableOn } from './layout';
import { pageCatalog, pickLocale } from './locale';

describe('page building blocks', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const evil = `"><script>alert('x')</script>`;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>',
    );
  });

  it('puts black text on a light brand colour and white on a dark one', () => {
    expect(readableOn('#ffeb3b')).toBe('#000000');
    expect(readableOn('#5b2a86')).toBe('#ffffff');
  });

  it('picks ui_locales first, then Accept-Language, among the supported locales', () => {
    expect(pickLocale(['fr', 'de'], 'en', ['en', 'de'], 'en')).toBe('de');
    expect(pickLocale([], 'fr;q=0.9, de-AT;q=0.8, en;q=0.1', ['en', 'de'], 'en')).toBe('de');
    expect(pickLocale([], 'fr', ['en', 'de'], 'en')).toBe('en');
    expect(pickLocale(['de'], undefined, ['en'], 'en')).toBe('en');
  });

  it('fills placeholders and falls back to English key by key', () => {
    const { locales, translator } = pageCatalog(
      { hi: 'Hello {name}', bye: 'Bye' },
      { de: { hi: 'Hallo {name}' } },
    );
    expect(locales.sort()).toEqual(['de', 'en']);
    expect(translator('de-CH')('hi', { name: 'Ada' })).toBe('Hallo Ada');
    expect(translator('de')('bye')).toBe('Bye');
    expect(translator('xx')('hi', { name: 'Ada' })).toBe('Hello Ada');
  });

  it("frames a page in the look's language with an escaped product name", () => {
    const { translator } = pageCatalog({ x: 'x' }, {});
    const look = {
      productName: 'Acme <ID>',
      logoUrl: null,
      faviconUrl: null,
      colors: { primary: '#1a73e8', background: '#ffffff', text: '#202124' },
      locale: 'de',
      t: translator('de'),
    };
    const out = page(look, 'Titel', html`<h1>Hi</h1>`).value;
    expect(out).toContain('<html lang="de">');
    expect(out).toContain('<title>Titel – Acme &lt;ID&gt;</title>');
  });
});
