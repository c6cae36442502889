import { loginPage } from './login-page';
import { translator } from './messages';

const look = {
  productName: 'Acme <ID>',
  logoUrl: null,
  faviconUrl: null,
  colors: { primary: '#ffeb3b', background: '#ffffff', text: '#202124' },
  locale: 'en',
  t: translator('en'),
};

describe('hosted pages', () => {
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

  it('falls back to English for a string a locale lacks', () => {
    expect(translator('de')('login.submit')).toBe('Anmelden');
    expect(translator('xx')('login.submit')).toBe('Sign in');
  });
});
