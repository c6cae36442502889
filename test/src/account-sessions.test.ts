import * as oidc from 'openid-client';
import type { MongoClient } from 'mongodb';
import { backdateSignIns, accountPagesOf } from './support/account-pages';
import { REDIRECT_URI, refresh, relyingParty, type RelyingParty } from './support/code-flow';
import { cookiePair, fetchPage, loginFlowOf, readForm, type PageResponse } from './support/hosted-pages';
import { passwordStep, redeem } from './support/hosted-sign-in';
import { uniqueRegion } from './support/names';
import { regionWithTenants, type RegionWithTenants } from './support/region-with-tenants';
import { eventually } from './support/wait';

const PASSWORD = 'correct horse battery staple';
const FIREFOX_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME_ON_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const SAFARI_ON_IOS =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** One browser of a user: its cookie jar (SSO session and device cookie), its tokens, its session id. */
interface Browser {
  userAgent: string;
  cookie: string;
  refreshToken: string;
  sessionId: string;
}

/**
 * "Where you're signed in" (`/t/{tenant}/account/sessions`) on the real stack, as browsers without
 * JavaScript use it: each browser is a cookie jar of its own with its own User-Agent. The page of
 * one browser lists the user's sessions; signing another browser out (or all of them) shows in
 * that browser's next authorization request, which asks for the password again, and in the
 * refresh tokens its applications held. Forged forms, stale sessions and other users' or
 * tenants' session ids change nothing.
 */
describe('account sessions page', () => {
  const eu = uniqueRegion('acse');
  let fixture: RegionWithTenants;
  let mongo: MongoClient;
  const a = { slug: `a-${eu}`, id: '' };
  const b = { slug: `b-${eu}`, id: '' };
  let stack: RegionWithTenants['stack'];
  let portal: RelyingParty;
  let wiki: RelyingParty;
  let intranet: RelyingParty;

  const pages = (slug = a.slug) => accountPagesOf(stack.authentication[eu]!.url, slug);
  const sessionsPage = (browser: Browser, slug = a.slug) =>
    fetchPage(pages(slug).url('/sessions'), { headers: { cookie: browser.cookie } });
  /** The CSRF token of the sessions page's forms (showing the page replaces the session's token). */
  const csrfOf = async (browser: Browser) => readForm((await sessionsPage(browser)).text).hidden.csrf_token!;
  const signOut = async (browser: Browser, sessionId: string, csrf?: string, slug = a.slug) =>
    pages(slug).change('/sessions/sign-out', browser.cookie, {
      csrf_token: csrf ?? (await csrfOf(browser)),
      session_id: sessionId,
    });
  const signOutOthers = async (browser: Browser, csrf?: string) =>
    pages().change('/sessions/sign-out-others', browser.cookie, {
      csrf_token: csrf ?? (await csrfOf(browser)),
    });

  const newUser = (tenantId = a.id) => fixture.activeUser(tenantId, PASSWORD);

  /** A fresh browser signs in to `app` with the password (retried while the app reaches the region). */
  const signInFrom = (userAgent: string, email: string, app = portal): Promise<Browser> =>
    eventually(
      async () => {
        const started = await passwordStep(
          { config: app.config, redirectUri: REDIRECT_URI },
          { email, password: PASSWORD },
          { scope: 'openid offline_access' },
          { 'user-agent': userAgent },
        );
        if (started.response.status !== 303) return undefined;
        const tokens = await redeem(app, started.response, started);
        const cookie = started.response.cookies
          .filter((c) => c.startsWith('idaas_session=') || c.startsWith('idaas_device='))
          .map(cookiePair)
          .join('; ');
        return {
          userAgent,
          cookie,
          refreshToken: tokens.refresh_token!,
          sessionId: tokens.claims()!.sid as string,
        };
      },
      { what: 'a sign-in', timeoutMs: 30000 },
    );

  /** The answer to an authorization request of `app` from `browser`, with its cookies. */
  const authorizeFrom = async (browser: Browser, app = portal): Promise<PageResponse> => {
    const url = oidc.buildAuthorizationUrl(app.config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      state: oidc.randomState(),
    });
    return fetchPage(url.href, { headers: { cookie: browser.cookie, 'user-agent': browser.userAgent } });
  };
  const stillSignedIn = async (browser: Browser, app = portal) => {
    const answer = await authorizeFrom(browser, app);
    expect(answer.status).toBe(303);
    expect(answer.location).toMatch(/^https:\/\/portal\.example\/callback\?code=/);
  };
  const askedToSignIn = async (browser: Browser) =>
    expect(loginFlowOf(await authorizeFrom(browser))).toBeDefined();

  const sessionIdsIn = (page: PageResponse) =>
    [...page.text.matchAll(/<h3 id="session-([0-9a-f-]{36})">/g)].map((m) => m[1]);

  beforeAll(async () => {
    fixture = await regionWithTenants(eu, [a, b]);
    ({ stack, mongo } = fixture);
    [portal, wiki, intranet] = await Promise.all([
      relyingParty(stack, eu, a.slug, a.id),
      relyingParty(stack, eu, a.slug, a.id, { name: 'Wiki' }),
      relyingParty(stack, eu, b.slug, b.id, { name: 'Intranet' }),
    ]);
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('lists both browsers of the user, with device, how and where they signed in; "this browser" on its own', async () => {
    const user = await newUser();
    const first = await signInFrom(FIREFOX_ON_LINUX, user.email);
    // The first browser signs in to the wiki too, by single sign-on.
    await eventually(async () => (await authorizeFrom(first, wiki)).status === 303, { what: 'SSO to Wiki' });
    const second = await signInFrom(CHROME_ON_WINDOWS, user.email);

    const page = await sessionsPage(first);
    expect(page.status).toBe(200);
    expect(page.contentType).toContain('text/html');
    expect(page.text).toContain('<h1>Where you’re signed in</h1>');
    // This browser first, then the other one.
    expect(sessionIdsIn(page)).toEqual([first.sessionId, second.sessionId]);
    expect(page.text).toMatch(
      /<span lang="en">Firefox on Linux<\/span> <strong>\(this browser\)<\/strong>\s*<\/h3>/,
    );
    expect(page.text).toMatch(/<span lang="en">Chrome on Windows<\/span>\s*<\/h3>/);
    expect(page.text.match(/this browser/g)).toHaveLength(1);
    expect(page.text).toMatch(/Signed in <time datetime="[^"]+">[^<]+ UTC<\/time>, with password<br \/>/);
    expect(page.text).toContain('Applications: Portal and Wiki');
    expect(page.text).toMatch(/Applications: Portal\s*<\/p>/);
    // A "Sign out" for the other browser only; this one signs out through the logout.
    expect(page.text).toContain(`name="session_id" value="${second.sessionId}"`);
    expect(page.text).not.toContain(`name="session_id" value="${first.sessionId}"`);
    expect(page.text).toContain('Sign out everywhere else');
    expect(page.text).toContain(`href="${stack.authentication[eu]!.url}/t/${a.slug}/oauth2/logout"`);

    // The overview links here; the other browser sees itself as "this browser".
    const overview = await pages().overview(first.cookie);
    expect(overview.text).toContain(`<a href="${pages().url('/sessions')}">See where you’re signed in</a>`);
    const fromSecond = await sessionsPage(second);
    expect(fromSecond.text).toMatch(/Chrome on Windows<\/span> <strong>\(this browser\)<\/strong>/);
  });

  it('signs the other browser out: it is asked for the password again, its refresh token is dead; this one stays', async () => {
    const user = await newUser();
    const first = await signInFrom(FIREFOX_ON_LINUX, user.email);
    const second = await signInFrom(CHROME_ON_WINDOWS, user.email);

    const done = await signOut(first, second.sessionId);
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${pages().url('/sessions')}?done=signed_out`);
    const shown = await fetchPage(done.location!, { headers: { cookie: first.cookie } });
    expect(shown.text).toContain('<p role="status">The browser was signed out.</p>');
    expect(sessionIdsIn(shown)).toEqual([first.sessionId]);
    expect(shown.text).toContain('You are not signed in anywhere else.');

    await askedToSignIn(second);
    expect((await refresh(portal, second.refreshToken)).body.error).toBe('invalid_grant');
    await stillSignedIn(first);
    expect((await refresh(portal, first.refreshToken)).status).toBe(200);

    // Signed out already: unknown now, and nothing else changes (a third browser brings the forms back).
    const third = await signInFrom(SAFARI_ON_IOS, user.email);
    const again = await signOut(first, second.sessionId);
    expect(again.status).toBe(404);
    expect(again.text).toContain('This browser is not signed in to your account (any more).');
    // This browser's own session is not ended here.
    const own = await signOut(first, first.sessionId);
    expect(own.status).toBe(409);
    expect(own.text).toContain('To sign this browser out, use “Sign out”.');
    await stillSignedIn(first);
    await stillSignedIn(third);
  });

  it('signs every other browser out at once, three browsers of one user', async () => {
    const user = await newUser();
    const other = await newUser();
    const first = await signInFrom(FIREFOX_ON_LINUX, user.email);
    const second = await signInFrom(CHROME_ON_WINDOWS, user.email);
    const third = await signInFrom(SAFARI_ON_IOS, user.email);
    const someoneElse = await signInFrom(FIREFOX_ON_LINUX, other.email);
    expect(sessionIdsIn(await sessionsPage(second))).toEqual([
      second.sessionId,
      third.sessionId,
      first.sessionId,
    ]);

    const done = await signOutOthers(second);
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${pages().url('/sessions')}?done=others_signed_out`);
    const shown = await fetchPage(done.location!, { headers: { cookie: second.cookie } });
    expect(shown.text).toContain('<p role="status">Every other browser was signed out.</p>');
    expect(sessionIdsIn(shown)).toEqual([second.sessionId]);

    await askedToSignIn(first);
    await askedToSignIn(third);
    expect((await refresh(portal, third.refreshToken)).body.error).toBe('invalid_grant');
    await stillSignedIn(second);
    expect((await refresh(portal, second.refreshToken)).status).toBe(200);
    // Another user's sessions are not "elsewhere".
    await stillSignedIn(someoneElse);
  });

  it('refuses a forged form and a session signed in 16 minutes ago: 403, and nothing changes', async () => {
    const user = await newUser();
    const first = await signInFrom(FIREFOX_ON_LINUX, user.email);
    const second = await signInFrom(CHROME_ON_WINDOWS, user.email);
    const csrf = await csrfOf(first);

    for (const forged of [
      await signOut(first, second.sessionId, 'forged'),
      await signOutOthers(first, 'forged'),
    ]) {
      expect(forged.status).toBe(403);
      expect(forged.text).toContain('The form was not accepted.');
    }
    await stillSignedIn(second);

    await backdateSignIns(mongo, eu, a.id, user.userId, 16);
    for (const stale of [await signOut(first, second.sessionId, csrf), await signOutOthers(first, csrf)]) {
      expect(stale.status).toBe(403);
      expect(stale.text).toContain('signing browsers out needs a sign-in within the last 15 minutes');
      expect(stale.text).toContain(`href="${stack.authentication[eu]!.url}/t/${a.slug}/oauth2/logout"`);
      expect(stale.text).not.toContain('<form');
    }
    const shown = await sessionsPage(first);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('id="reauthenticate"');
    expect(shown.text).not.toContain('<form');
    expect(sessionIdsIn(shown)).toEqual([first.sessionId, second.sessionId]);
    await stillSignedIn(second);
    expect((await refresh(portal, second.refreshToken)).status).toBe(200);
  });

  it("another user's or another tenant's session id is unknown: 404, and that session lives on", async () => {
    const user = await newUser();
    const neighbour = await newUser();
    const elsewhere = await newUser(b.id);
    const mine = await signInFrom(FIREFOX_ON_LINUX, user.email);
    // A second browser of the user's own, so the page has forms to post.
    const mySecond = await signInFrom(SAFARI_ON_IOS, user.email);
    const theirs = await signInFrom(CHROME_ON_WINDOWS, neighbour.email);
    const otherTenant = await signInFrom(SAFARI_ON_IOS, elsewhere.email, intranet);

    for (const sessionId of [theirs.sessionId, otherTenant.sessionId]) {
      const refused = await signOut(mine, sessionId);
      expect(refused.status).toBe(404);
      expect(refused.text).toContain('This browser is not signed in to your account (any more).');
      expect(sessionIdsIn(refused)).toEqual([mine.sessionId, mySecond.sessionId]);
    }
    await stillSignedIn(theirs);
    await stillSignedIn(otherTenant, intranet);
    expect((await refresh(intranet, otherTenant.refreshToken)).status).toBe(200);

    // Not a session id at all: a problem naming the field.
    const malformed = await pages().change('/sessions/sign-out', mine.cookie, {
      csrf_token: await csrfOf(mine),
      session_id: 'not-a-session',
    });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.text)).toMatchObject({ errors: [{ field: 'body.session_id' }] });

    // Another tenant's sessions page does not know this browser's session.
    const foreign = await sessionsPage(mine, b.slug);
    expect(foreign.status).toBe(403);
    expect(foreign.text).toContain('You are not signed in');
    expect(foreign.text).not.toContain(mine.sessionId);
  });
});
