import { html } from './html';
import { readableOn } from './layout';
import { loginPage } from './login-page';
import { pickLocale, translator } from './messages';

const look = {
  productName: 'Acme <ID>',
  logoUrl: null,
  faviconUrl: null,
  colors: { primary: '#ffeb3b', background: '#ffffff', text: '#202124' },
  locale: 'en',
  t: translator('en'),
};

describe('hosted pages', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const evil = `"><script>alert('x')</script>`;
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>',
    );
  });

  it('renders the login page with escaped branding and a bound, described error', () => {
    const page = loginPage(look, {
      action: '/t/acme/login?flow=1&x=2',
      csrfToken: 'tok',
      email: 'a"b@example.com',
      error: 'login.invalid',
      signUpUrl: 'https://eu.example/t/acme/signup',
      recoveryUrl: 'https://eu.example/t/acme/recovery',
    }).value;
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('Sign in to Acme &lt;ID&gt;');
    expect(page).not.toContain('Acme <ID>');
    expect(page).toContain('action="/t/acme/login?flow=1&amp;x=2"');
    expect(page).toContain('value="a&quot;b@example.com"');
    expect(page).toContain('<label for="email">');
    expect(page).toContain('id="login-error"');
    expect(page.match(/aria-describedby="login-error"/g)).toHaveLength(2);
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

  it('falls back to English for a string a locale lacks', () => {
    expect(translator('de')('login.submit')).toBe('Anmelden');
    expect(translator('xx')('login.submit')).toBe('Sign in');
  });
});
