import { pageLook, scriptHash } from '@idaas/pages';
import { PAGE_LOCALES, translator } from './messages';
import { passkeyPage, WEBAUTHN_SCRIPT_HASHES } from './webauthn-pages';

const look = pageLook(undefined, undefined, { acceptLanguage: 'en' }, { locales: PAGE_LOCALES, translator });
const render = (options: unknown) =>
  passkeyPage(look, {
    action: 'https://id.example/t/acme/login/passkey?flow=f',
    csrfToken: 'token',
    ceremony: 'get',
    options,
    heading: 'passkey.signin_heading',
    explain: 'passkey.signin_explain',
    button: 'passkey.signin_button',
    links: [],
  }).value;

describe('passkeyPage', () => {
  it('carries exactly the script its CSP hash allows, once', () => {
    const scripts = [...render({}).matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts.map(scriptHash)).toEqual(WEBAUTHN_SCRIPT_HASHES);
  });

  it('keeps the options in an escaped attribute, never in script text', () => {
    const out = render({ challenge: '"><script>alert(1)</script>' });
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).not.toContain('<script>alert');
    expect(out.match(/<script>/g)).toHaveLength(1);
  });
});
