import { pageLook } from '@idaas/pages';
import {
  accountSecurityPage,
  newRecoveryCodesPage,
  type AccountSecurityModel,
} from './account-security-page';
import { PAGE_LOCALES, translator } from './messages';

const look = pageLook(undefined, undefined, { acceptLanguage: 'en' }, { locales: PAGE_LOCALES, translator });
const issuer = 'https://id.example/t/acme';
const base: AccountSecurityModel = {
  csrfToken: 'token"<',
  authenticatorApp: {
    enrolledAt: new Date('2025-02-03T10:00:00Z'),
    lastUsedAt: new Date('2025-03-01T08:00:00Z'),
  },
  canSetUpAuthenticatorApp: false,
  lastFactorWarning: false,
  passkeyCount: 2,
  recoveryCodes: { remaining: 7, issuedAt: new Date('2025-02-03T10:00:00Z') },
  hasSecondFactor: true,
  rememberedBrowsers: 1,
  urls: {
    removeAuthenticatorApp: `${issuer}/account/authenticator-app/remove`,
    setUpAuthenticatorApp: `${issuer}/account/authenticator-app/set-up`,
    newRecoveryCodes: `${issuer}/account/recovery-codes`,
    forgetBrowsers: `${issuer}/account/remembered-browsers/forget`,
    passkeys: `${issuer}/account/passkeys`,
    sessions: `${issuer}/account/sessions`,
    signOut: `${issuer}/oauth2/logout`,
  },
};
const render = (m: Partial<AccountSecurityModel> = {}) => accountSecurityPage(look, { ...base, ...m }).value;
const formActions = (out: string) =>
  [...out.matchAll(/<form method="post" action="([^"]*)"/g)].map((m) => m[1]);

describe('accountSecurityPage', () => {
  it('shows each section with its dates and one form per change, each with the escaped CSRF token', () => {
    const out = render();
    expect(out).toContain('<h1>Sign-in security</h1>');
    expect(out).toContain('Set up <time datetime="2025-02-03T10:00:00.000Z">Feb 3, 2025</time>');
    expect(out).toContain('last used <time datetime="2025-03-01T08:00:00.000Z">Mar 1, 2025</time>');
    expect(out).toContain('Registered: 2');
    expect(out).toContain(`<a href="${issuer}/account/passkeys">Manage passkeys and security keys</a>`);
    expect(out).toContain(`<a href="${issuer}/account/sessions">See where you’re signed in</a>`);
    expect(out).toContain('Codes left: 7, created <time datetime="2025-02-03T10:00:00.000Z">');
    expect(out).toContain('Browsers that skip the second factor: 1.');
    expect(formActions(out)).toEqual([
      base.urls.removeAuthenticatorApp,
      base.urls.newRecoveryCodes,
      base.urls.forgetBrowsers,
    ]);
    expect(out.match(/name="csrf_token" value="token&quot;&lt;"/g)).toHaveLength(3);
    expect(out).toContain(`<a href="${issuer}/oauth2/logout">Sign out</a>`);
    expect(out).not.toContain('<script');
  });

  it('without an authenticator app: says it is asked for at the next sign-in if required, and offers nothing', () => {
    const out = render({ authenticatorApp: undefined, passkeyCount: 0, hasSecondFactor: false });
    expect(out).toContain('Not set up. You will be asked to set one up at your next sign-in');
    expect(out).not.toContain('Remove the authenticator app');
    // No second factor: no new recovery codes either, and the page says why.
    expect(out).toContain('you can create them once you have an authenticator app or a passkey');
    expect(formActions(out)).toEqual([base.urls.forgetBrowsers]);
  });

  it('without an authenticator app where one is allowed: offers to set one up, with the CSRF token', () => {
    const out = render({ authenticatorApp: undefined, canSetUpAuthenticatorApp: true });
    expect(formActions(out)).toEqual([
      base.urls.setUpAuthenticatorApp,
      base.urls.newRecoveryCodes,
      base.urls.forgetBrowsers,
    ]);
    expect(out).toMatch(
      /action="[^"]*\/authenticator-app\/set-up">\s*<input type="hidden" name="csrf_token" value="token&quot;&lt;" \/>\s*<button type="submit" class="secondary">Set up an authenticator app<\/button>/,
    );
    // A session that may not change anything now is not offered it either.
    const refused = render({
      authenticatorApp: undefined,
      canSetUpAuthenticatorApp: true,
      refusal: { reason: 'sign_in_needed', signOutUrl: base.urls.signOut },
    });
    expect(refused).not.toContain('Set up an authenticator app');
  });

  it('without remembered browsers or recovery codes: says so, and offers no "forget"', () => {
    const out = render({ rememberedBrowsers: 0, recoveryCodes: undefined });
    expect(out).toContain('No browser skips the second factor.');
    expect(out).toContain('You have no recovery codes.');
    expect(formActions(out)).not.toContain(base.urls.forgetBrowsers);
  });

  it('warns before the only second factor goes where the policy requires one', () => {
    expect(render({ lastFactorWarning: true })).toContain('your recovery codes go too');
    expect(render()).not.toContain('your recovery codes go too');
  });

  it('shows a refused session why, a way to sign out, the facts, and no form at all', () => {
    const out = render({ refusal: { reason: 'second_factor_needed', signOutUrl: base.urls.signOut } });
    expect(out).toContain(
      'changing how you sign in needs a sign-in with your second factor within the last 15 minutes',
    );
    expect(out).toContain('role="alert"');
    expect(out).not.toContain('<form');
    expect(out).toContain('Registered: 2');
    const stale = render({ refusal: { reason: 'sign_in_needed', signOutUrl: base.urls.signOut } });
    expect(stale).toContain('changing how you sign in needs a sign-in within the last 15 minutes');
  });

  it('reads out what the last change did, or why it was refused', () => {
    expect(render({ notice: 'security.app_removed' })).toContain(
      '<p role="status">The authenticator app was removed.</p>',
    );
    expect(render({ error: 'security.app_not_found' })).toContain(
      '<p class="error" role="alert">You have no authenticator app (any more).</p>',
    );
  });

  it("speaks the reader's language, in the tenant's branding", () => {
    const out = accountSecurityPage(
      { ...look, productName: 'Acme <ID>', locale: 'de', t: translator('de') },
      base,
    ).value;
    expect(out).toContain('<html lang="de">');
    expect(out).toContain('<h1>Anmeldesicherheit</h1>');
    expect(out).toContain('Authenticator-App entfernen');
    const without = accountSecurityPage(
      { ...look, locale: 'de', t: translator('de') },
      { ...base, authenticatorApp: undefined, canSetUpAuthenticatorApp: true },
    ).value;
    expect(without).toContain('Authenticator-App einrichten</button>');
    expect(out).toContain('Wie Sie sich bei Acme &lt;ID&gt; anmelden');
    expect(out).toContain('Eingerichtet am <time datetime="2025-02-03T10:00:00.000Z">03.02.2025</time>');
  });
});

describe('newRecoveryCodesPage', () => {
  it('lists the new codes once, says the old ones are gone, and leads back to the overview', () => {
    const out = newRecoveryCodesPage(look, {
      codes: ['abcd-efgh', 'ijkl-mnop'],
      overviewUrl: `${issuer}/account`,
    }).value;
    expect(out).toContain('<li><code>abcd-efgh</code></li>');
    expect(out).toContain('<li><code>ijkl-mnop</code></li>');
    expect(out).toContain('Your old codes no longer work.');
    expect(out).toContain(`<a href="${issuer}/account">Back to sign-in security</a>`);
    expect(out).not.toContain('<form');
  });

  it('after an authenticator app was set up: says so, and that earlier codes are gone', () => {
    const out = newRecoveryCodesPage(look, {
      codes: ['abcd-efgh'],
      overviewUrl: `${issuer}/account`,
      done: { notice: 'security.app_added', explain: 'security.app_codes_shown_once' },
    }).value;
    expect(out).toMatch(/<p role="status">\s*The authenticator app is set up: sign-ins that ask/);
    expect(out).toContain('Any codes you had before no longer work.');
    expect(out).toContain('<li><code>abcd-efgh</code></li>');
    expect(out).not.toContain('Your old codes no longer work.');
  });
});
