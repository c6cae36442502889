import { pageLook } from '@idaas/pages';
import { authenticatorAppSetUpPage } from './account-authenticator-app-page';
import { PAGE_LOCALES, translator } from './messages';

const look = pageLook(undefined, undefined, { acceptLanguage: 'en' }, { locales: PAGE_LOCALES, translator });
const issuer = 'https://id.example/t/acme';
const model = {
  action: `${issuer}/account/authenticator-app/confirm`,
  csrfToken: 'token"<',
  secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  otpauthUri: 'otpauth://totp/Acme:ann%40acme.example?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Acme',
  qrDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
  overviewUrl: `${issuer}/account`,
};
const render = (m: Partial<Parameters<typeof authenticatorAppSetUpPage>[1]> = {}) =>
  authenticatorAppSetUpPage(look, { ...model, ...m }).value;

describe('authenticatorAppSetUpPage', () => {
  it('shows the key as QR code, link and grouped text, and one form to confirm it with a code', () => {
    const out = render();
    expect(out).toContain('<h1>Set up an authenticator app</h1>');
    expect(out).toContain(
      '<img id="totp-qr" src="data:image/png;base64,iVBORw0KGgo=" alt="QR code to add this account to an authenticator app"',
    );
    expect(out).toContain(`<a id="otpauth-link" href="${model.otpauthUri.replace(/&/g, '&amp;')}">`);
    expect(out).toContain(
      '<code id="totp-secret" data-secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP">JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP</code>',
    );
    expect([...out.matchAll(/<form method="post" action="([^"]*)"/g)].map((m) => m[1])).toEqual([
      model.action,
    ]);
    expect(out).toContain('name="csrf_token" value="token&quot;&lt;"');
    expect(out).toContain('<label for="code">Six-digit code</label>');
    expect(out).toMatch(/<input\s+id="code"\s+name="code"[^>]*autocomplete="one-time-code"/);
    expect(out).not.toContain('aria-invalid');
    expect(out).toContain(`<a href="${issuer}/account">Back to sign-in security</a>`);
    expect(out).not.toContain('<script');
  });

  it('says why a code was refused, at once, and ties the code field to it', () => {
    const out = render({ error: 'mfa.invalid' });
    expect(out).toContain(
      '<p id="mfa-error" class="error" role="alert">The code is not correct or was already used.</p>',
    );
    expect(out).toMatch(/aria-invalid="true" aria-describedby="mfa-error"/);
  });

  it("speaks the reader's language", () => {
    const out = authenticatorAppSetUpPage({ ...look, locale: 'de', t: translator('de') }, model).value;
    expect(out).toContain('<html lang="de">');
    expect(out).toContain('<h1>Authenticator-App einrichten</h1>');
    expect(out).toContain('Zurück zur Anmeldesicherheit');
  });
});
