import { pageLook } from '@idaas/pages';
import { accountSessionsPage, type AccountSessionsModel } from './account-sessions-page';
import { PAGE_LOCALES, translator } from './messages';

const look = pageLook(undefined, undefined, { acceptLanguage: 'en' }, { locales: PAGE_LOCALES, translator });
const german = { ...look, locale: 'de', t: translator('de') };
const issuer = 'https://id.example/t/acme';
const THIS = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const base: AccountSessionsModel = {
  csrfToken: 'token"<',
  sessions: [
    {
      sessionId: THIS,
      authTime: new Date('2025-02-03T10:00:00Z'),
      lastSeenAt: new Date('2025-02-03T12:30:00Z'),
      ways: ['password', 'one_time_code'],
      device: 'Firefox on Linux',
      applications: ['Payroll'],
      current: true,
    },
    {
      sessionId: OTHER,
      authTime: new Date('2025-02-01T08:00:00Z'),
      lastSeenAt: new Date('2025-02-02T09:15:00Z'),
      ways: ['passkey'],
      applications: ['Payroll', 'Wiki <beta>'],
      current: false,
    },
  ],
  urls: {
    signOutSession: `${issuer}/account/sessions/sign-out`,
    signOutOthers: `${issuer}/account/sessions/sign-out-others`,
    overview: `${issuer}/account`,
    signOut: `${issuer}/oauth2/logout`,
  },
};
const render = (m: Partial<AccountSessionsModel> = {}) => accountSessionsPage(look, { ...base, ...m }).value;
const formActions = (out: string) =>
  [...out.matchAll(/<form method="post" action="([^"]*)"/g)].map((m) => m[1]);

describe('accountSessionsPage', () => {
  it('lists each session: device, sign-in time and ways, last activity, applications; this browser marked', () => {
    const out = render();
    expect(out).toContain('<h1>Where you’re signed in</h1>');
    expect(out).toMatch(
      new RegExp(
        `<h3 id="session-${THIS}">\\s*<span lang="en">Firefox on Linux</span> <strong>\\(this browser\\)</strong>`,
      ),
    );
    expect(out).toContain(
      'Signed in <time datetime="2025-02-03T10:00:00.000Z">Feb 3, 2025, 10:00 AM UTC</time>, with password and one-time code',
    );
    expect(out).toContain(
      'Last active <time datetime="2025-02-03T12:30:00.000Z">Feb 3, 2025, 12:30 PM UTC</time>',
    );
    expect(out).toMatch(/Applications: Payroll\s*<\/p>/);
    // Without a known device the session is "a browser"; application names are escaped.
    expect(out).toMatch(new RegExp(`<h3 id="session-${OTHER}">\\s*A browser\\s*</h3>`));
    expect(out).toContain('with passkey or security key');
    expect(out).toContain('Applications: Payroll and Wiki &lt;beta&gt;');
    expect(out.match(/this browser/g)).toHaveLength(1);
    expect(out).not.toContain('<script');
  });

  it('offers "Sign out" on other sessions only, and "Sign out everywhere else", each with the escaped CSRF token', () => {
    const out = render();
    expect(formActions(out)).toEqual([base.urls.signOutSession, base.urls.signOutOthers]);
    expect(out).toContain(`name="session_id" value="${OTHER}"`);
    expect(out).not.toContain(`name="session_id" value="${THIS}"`);
    expect(out).toContain(`aria-describedby="session-${OTHER}"`);
    expect(out.match(/name="csrf_token" value="token&quot;&lt;"/g)).toHaveLength(2);
    // This browser signs out through the usual logout.
    expect(out).toContain(`<a href="${issuer}/oauth2/logout">Sign out</a>`);
    expect(out).toContain(`<a href="${issuer}/account">Back to sign-in security</a>`);
  });

  it('alone: says it is signed in nowhere else, and offers no form', () => {
    const out = render({ sessions: [base.sessions[0]!] });
    expect(out).toContain('You are not signed in anywhere else.');
    expect(formActions(out)).toEqual([]);
  });

  it('shows a refused session why, a way to sign out, the list, and no form at all', () => {
    const out = render({
      csrfToken: '',
      refusal: { reason: 'second_factor_needed', signOutUrl: base.urls.signOut },
    });
    expect(out).toContain(
      'signing browsers out needs a sign-in with your second factor within the last 15 minutes',
    );
    expect(out).toContain(`session-${OTHER}`);
    expect(formActions(out)).toEqual([]);
    expect(out).not.toContain('csrf_token');
    const recent = render({ refusal: { reason: 'sign_in_needed', signOutUrl: base.urls.signOut } });
    expect(recent).toContain('signing browsers out needs a sign-in within the last 15 minutes');
  });

  it('reads out what the last change did, or why it was refused', () => {
    expect(render({ notice: 'sessions.signed_out' })).toContain(
      '<p role="status">The browser was signed out.</p>',
    );
    expect(render({ error: 'sessions.not_found' })).toContain(
      '<p class="error" role="alert">This browser is not signed in to your account (any more).</p>',
    );
  });

  it("speaks the reader's language; the English device label says it is English", () => {
    const out = accountSessionsPage(german, base).value;
    expect(out).toContain('<html lang="de">');
    expect(out).toContain('<h1>Wo Sie angemeldet sind</h1>');
    expect(out).toContain('<strong>(dieser Browser)</strong>');
    expect(out).toContain('<span lang="en">Firefox on Linux</span>');
    expect(out).toContain('mit Passwort und Einmalcode');
    expect(out).toContain(
      'Zuletzt aktiv am <time datetime="2025-02-03T12:30:00.000Z">03.02.2025, 12:30 UTC</time>',
    );
    expect(out).toContain('Überall sonst abmelden</button>');
    expect(out).toContain('Abmelden\n');
  });
});
