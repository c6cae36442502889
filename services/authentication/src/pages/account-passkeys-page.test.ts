import { pageLook, scriptHash } from '@idaas/pages';
import { accountPasskeysPage, signInFirstPage, type AccountPasskeysModel } from './account-passkeys-page';
import { PAGE_LOCALES, translator } from './messages';
import { WEBAUTHN_SCRIPT_HASHES } from './webauthn-pages';

const look = pageLook(undefined, undefined, { acceptLanguage: 'en' }, { locales: PAGE_LOCALES, translator });
const passkey = {
  credentialId: 'cred-1',
  label: '<b>Laptop</b>',
  createdAt: new Date('2025-02-03T10:00:00Z'),
};
const base: AccountPasskeysModel = {
  passkeys: [passkey],
  removeAction: 'https://id.example/t/acme/account/passkeys/remove',
  overviewUrl: 'https://id.example/t/acme/account',
  csrfToken: 'token',
  add: {
    kind: 'ceremony',
    form: { action: 'https://id.example/t/acme/account/passkeys', csrfToken: 'token', options: {} },
  },
  lastFactorWarning: false,
};
const render = (m: Partial<AccountPasskeysModel> = {}) => accountPasskeysPage(look, { ...base, ...m }).value;

describe('accountPasskeysPage', () => {
  it('lists each passkey with its escaped label, its dates and a remove form, and offers the ceremony', () => {
    const out = render({ passkeys: [{ ...passkey, lastUsedAt: new Date('2025-02-04T10:00:00Z') }] });
    expect(out).toContain('&lt;b&gt;Laptop&lt;/b&gt;');
    expect(out).toContain('<time datetime="2025-02-03T10:00:00.000Z">Feb 3, 2025</time>');
    expect(out).toContain('last used <time datetime="2025-02-04T10:00:00.000Z">');
    expect(out).toContain('<input type="hidden" name="credential_id" value="cred-1" />');
    expect(out).toContain('aria-label="Remove &lt;b&gt;Laptop&lt;/b&gt;"');
    expect(out).toContain('data-ceremony="create"');
    const scripts = [...out.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts.map(scriptHash)).toEqual(WEBAUTHN_SCRIPT_HASHES);
    expect(out).toContain('<a href="https://id.example/t/acme/account">Back to sign-in security</a>');
  });

  it('shows a session that must sign in again why, a way to sign out, and no form at all', () => {
    const out = render({
      refusal: { reason: 'second_factor_needed', signOutUrl: 'https://id.example/t/acme/oauth2/logout' },
    });
    expect(out).toContain('needs a sign-in with your second factor within the last 15 minutes');
    expect(out).toContain('href="https://id.example/t/acme/oauth2/logout"');
    expect(out).not.toContain('<form');
    expect(out).toContain('&lt;b&gt;Laptop&lt;/b&gt;');
  });

  it('warns before the last second factor goes where the policy requires one', () => {
    expect(render({ lastFactorWarning: true })).toContain(
      'you will be asked to set up a new one at your next sign-in',
    );
    expect(render()).not.toContain('at your next sign-in');
  });

  it('says why no passkey can be added at the limit', () => {
    const out = render({ add: { kind: 'unavailable', reason: 'account.limit', max: 10 } });
    expect(out).toContain('You have 10 passkeys, the most allowed.');
    expect(out).not.toContain('<script>');
  });

  it('says "sign in first" without any account', () => {
    const out = signInFirstPage(look).value;
    expect(out).toContain('You are not signed in');
    expect(out).not.toContain('<form');
  });
});
