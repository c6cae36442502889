import type { MongoClient } from 'mongodb';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { sessionCookieOf } from './support/hosted-login';
import { accountPagesOf, backdateSignIns, heldMethods as heldMethodsOf } from './support/account-pages';
import { cookiePair, fetchPage, postForm, readForm, type PageResponse } from './support/hosted-pages';
import { passwordStep, redeem, webApplication, type WebApplication } from './support/hosted-sign-in';
import { requireMfaOn } from './support/mfa-override';
import { uniqueRegion } from './support/names';
import { regionWithTenants, type RegionWithTenants } from './support/region-with-tenants';
import { enrolTotp } from './support/totp-enrolment';

const REDIRECT_URI = 'https://payroll.example/callback';
const PASSWORD = 'correct horse battery staple';
const MFA_CHANGED = 'idaas.user.mfa.changed.v1';

/**
 * The account security overview (`/t/{tenant}/account`) as a browser without JavaScript uses it,
 * on the real stack: a user signs in through the hosted login with their authenticator app, then
 * sees what they hold, creates new recovery codes, forgets remembered browsers and removes the
 * app; what the next sign-in does and what the region's user topic carries tell whether it
 * happened. Stale sessions, forged forms and another tenant's session change nothing.
 */
describe('account security page', () => {
  const eu = uniqueRegion('accs');
  let fixture: RegionWithTenants;
  let mongo: MongoClient;
  const a = { slug: `a-${eu}`, id: '' };
  const b = { slug: `b-${eu}`, id: '' };
  let stack: RegionWithTenants['stack'];
  let topic: RegionWithTenants['topic'];
  let users: MongoUserDirectory;
  /** MFA required, browsers remembered for 30 days. */
  let payroll: WebApplication;

  const pagesOf = (slug: string) => accountPagesOf(stack.authentication[eu]!.url, slug);
  const accountUrl = (slug: string, path = '') => pagesOf(slug).url(path);

  const newUser = async () => {
    const { email, userId } = await fixture.activeUser(a.id, PASSWORD);
    const totp = await enrolTotp(mongo.db(identityDatabaseName(eu)), { region: eu, tenantId: a.id }, userId);
    return { email, userId, totp };
  };
  type User = Awaited<ReturnType<typeof newUser>>;

  /** What the user holds, as the region's admin API lists it. */
  const heldMethods = (userId: string) => heldMethodsOf(stack, eu, a.id, userId);

  /** Answers the second-factor page the password step led to; the answer to that post. */
  const answer = async (at: PageResponse, fields: Record<string, string>) => {
    expect(at.status).toBe(303);
    expect(at.location).toMatch(/\/login\/mfa\?flow=/);
    const form = readForm((await fetchPage(at.location!)).text);
    return postForm(form.action, { ...form.hidden, ...fields });
  };

  /**
   * A sign-in to Payroll with the authenticator app's code, as a fresh browser: its SSO session
   * cookie, and the device cookie that lets it skip the code next time when `remember` is ticked.
   */
  const signInWithCode = async (user: User, remember = false) => {
    const started = await passwordStep(payroll, { email: user.email, password: PASSWORD });
    const done = await answer(started.response, {
      method: 'totp',
      code: user.totp.nextCode(),
      ...(remember ? { remember_device: 'on' } : {}),
    });
    await redeem(payroll, done, started);
    const device = done.cookies.find((c) => c.startsWith('idaas_device='));
    return { session: sessionCookieOf(done)!, device: device ? cookiePair(device) : undefined };
  };

  /** Where the next password step of `user` leads, from a browser holding `cookie` (or a fresh one). */
  const nextSignIn = async (user: User, cookie?: string) =>
    passwordStep(payroll, { email: user.email, password: PASSWORD }, {}, cookie ? { cookie } : {});

  const overview = (session: string, slug = a.slug) => pagesOf(slug).overview(session);
  const csrfOf = (session: string) => pagesOf(a.slug).csrfOf(session);
  /** A change on the overview: its form posted with the session's CSRF token (or `csrf`). */
  const change = (path: string, session: string, csrf?: string, slug = a.slug) =>
    pagesOf(slug).change(path, session, csrf ? { csrf_token: csrf } : {});

  /** The user's second-factor changes on the topic, once `count` of them arrived. */
  const mfaChanges = async (userId: string, count: number) =>
    (await topic.awaitOf(userId, MFA_CHANGED, count)).map((e) => e.data);

  beforeAll(async () => {
    fixture = await regionWithTenants(eu, [a, b]);
    ({ stack, mongo, users, topic } = fixture);
    payroll = await webApplication(
      stack,
      { region: eu, slug: a.slug, tenantId: a.id },
      'Payroll',
      REDIRECT_URI,
    );
    await requireMfaOn(stack, users, a.id, payroll, { rememberDeviceDays: 30 });
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('shows what the user holds: the app, no passkeys, ten recovery codes, the remembered browser', async () => {
    const user = await newUser();
    const { session } = await signInWithCode(user, true);
    const page = await overview(session);
    expect(page.status).toBe(200);
    expect(page.contentType).toContain('text/html');
    expect(page.text).toContain('<h1>Sign-in security</h1>');
    expect(page.text).toMatch(/id="authenticator-app">\s*Set up <time/);
    expect(page.text).toContain('Registered: 0');
    expect(page.text).toContain(`href="${accountUrl(a.slug, '/passkeys')}"`);
    expect(page.text).toMatch(/Codes left: 10, created <time/);
    expect(page.text).toContain('Browsers that skip the second factor: 1.');
    expect(page.text).toContain(`href="${stack.authentication[eu]!.url}/t/${a.slug}/oauth2/logout">Sign out`);
    expect(page.text).not.toContain('id="reauthenticate"');
    // The passkeys page leads back here.
    const passkeys = await fetchPage(accountUrl(a.slug, '/passkeys'), { headers: { cookie: session } });
    expect(passkeys.text).toContain(`<a href="${accountUrl(a.slug)}">Back to sign-in security</a>`);
  });

  it('creates new recovery codes, shown once and not cached: the old ones no longer work, a new one does', async () => {
    const user = await newUser();
    const { session } = await signInWithCode(user);
    const created = await change('/recovery-codes', session);
    expect(created.status).toBe(200);
    const res = await fetch(accountUrl(a.slug, '/recovery-codes'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session },
      body: new URLSearchParams({ csrf_token: await csrfOf(session) }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // The second post replaced the first one's codes too: those are the ones that count now.
    const codes = [...(await res.text()).matchAll(/<li><code>([a-z2-7-]+)<\/code><\/li>/g)].map((m) => m[1]!);
    const firstCodes = [...created.text.matchAll(/<li><code>([a-z2-7-]+)<\/code><\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    expect(firstCodes).toHaveLength(10);
    expect(created.text).toContain('Your old codes no longer work.');

    const old = await nextSignIn(user);
    const refused = await answer(old.response, {
      method: 'recovery_code',
      code: user.totp.recoveryCodes[0]!,
    });
    expect(refused.status).toBe(400);
    const replaced = await nextSignIn(user);
    expect((await answer(replaced.response, { method: 'recovery_code', code: firstCodes[0]! })).status).toBe(
      400,
    );
    const fresh = await nextSignIn(user);
    const done = await answer(fresh.response, { method: 'recovery_code', code: codes[0]! });
    expect((await redeem(payroll, done, fresh)).claims()!.amr).toEqual(['pwd', 'rc', 'mfa']);
    expect((await overview(session)).text).toMatch(/Codes left: 9, created/);
    expect(await mfaChanges(user.userId, 2)).toEqual([
      { userId: user.userId, method: 'recovery_code', change: 'regenerated', actor: 'user' },
      { userId: user.userId, method: 'recovery_code', change: 'regenerated', actor: 'user' },
    ]);
  });

  it('forgets remembered browsers: the browser that skipped the code is asked again', async () => {
    const user = await newUser();
    const { session, device } = await signInWithCode(user, true);
    const skipped = await nextSignIn(user, device);
    expect(skipped.response.location).toMatch(/^https:\/\/payroll\.example\/callback\?code=/);

    const forgot = await change('/remembered-browsers/forget', session);
    expect(forgot.status).toBe(303);
    expect(forgot.location).toBe(`${accountUrl(a.slug)}?done=browsers_forgotten`);
    const shown = await fetchPage(forgot.location!, { headers: { cookie: session } });
    expect(shown.text).toContain('<p role="status">Every browser will ask for your second factor again.</p>');
    expect(shown.text).toContain('No browser skips the second factor.');
    expect((await nextSignIn(user, device)).response.location).toMatch(/\/login\/mfa\?flow=/);
  });

  it('removes the authenticator app: the recovery codes go along, told with actor user; the next sign-in enrols', async () => {
    const user = await newUser();
    // Remembered, so the overview keeps a form ("Forget all browsers") to read the CSRF token from.
    const { session } = await signInWithCode(user, true);
    const removed = await change('/authenticator-app/remove', session);
    expect(removed.status).toBe(303);
    expect(removed.location).toBe(`${accountUrl(a.slug)}?done=app_removed`);
    const shown = await fetchPage(removed.location!, { headers: { cookie: session } });
    expect(shown.text).toContain('<p role="status">The authenticator app was removed.</p>');
    expect(shown.text).toContain('Not set up. You will be asked to set one up at your next sign-in');
    expect(shown.text).toContain('You have no recovery codes.');
    expect(shown.text).not.toContain('Create new codes');
    expect(await heldMethods(user.userId)).toEqual([]);
    expect(await mfaChanges(user.userId, 2)).toEqual([
      { userId: user.userId, method: 'totp', change: 'removed', actor: 'user' },
      { userId: user.userId, method: 'recovery_code', change: 'removed', actor: 'user' },
    ]);
    expect((await nextSignIn(user)).response.location).toMatch(/\/login\/mfa\/enrol\?flow=/);

    // Nothing left to remove, and no second factor for new recovery codes to back up.
    const again = await change('/authenticator-app/remove', session);
    expect(again.status).toBe(404);
    expect(again.text).toContain('You have no authenticator app (any more).');
    const codes = await change('/recovery-codes', session);
    expect(codes.status).toBe(409);
    expect(codes.text).toContain('you can create them once you have an authenticator app or a passkey');
    expect(await heldMethods(user.userId)).toEqual([]);
  });

  it('refuses a session older than 15 minutes and a forged form; nothing changes', async () => {
    const user = await newUser();
    const { session, device } = await signInWithCode(user, true);
    const csrf = await csrfOf(session);

    for (const path of ['/authenticator-app/remove', '/recovery-codes', '/remembered-browsers/forget']) {
      const forged = await change(path, session, 'forged');
      expect(forged.status).toBe(403);
      expect(forged.text).toContain('The form was not accepted.');
    }

    await backdateSignIns(mongo, eu, a.id, user.userId, 16);
    for (const path of ['/authenticator-app/remove', '/recovery-codes', '/remembered-browsers/forget']) {
      const stale = await change(path, session, csrf);
      expect(stale.status).toBe(403);
      expect(stale.text).toContain(
        'changing how you sign in needs a sign-in with your second factor within the last 15 minutes',
      );
      expect(stale.text).toContain(`href="${stack.authentication[eu]!.url}/t/${a.slug}/oauth2/logout"`);
      expect(stale.text).not.toContain('<form');
    }
    const shown = await overview(session);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('id="reauthenticate"');
    expect(shown.text).not.toContain('<form');
    expect(shown.text).toMatch(/Codes left: 10, created/);

    expect(await heldMethods(user.userId)).toEqual(['totp', 'recovery_code']);
    expect((await nextSignIn(user, device)).response.location).toMatch(
      /^https:\/\/payroll\.example\/callback\?code=/,
    );
    expect(topic.of(user.userId).filter((e) => e.type === MFA_CHANGED)).toEqual([]);
  });

  it("another tenant's account page does not know the session: 403, and nothing changes", async () => {
    const user = await newUser();
    const { session } = await signInWithCode(user);
    const csrf = await csrfOf(session);
    const elsewhere = await overview(session, b.slug);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.text).toContain('You are not signed in');
    expect(elsewhere.text).not.toContain('<form');
    for (const path of ['/authenticator-app/remove', '/recovery-codes']) {
      const posted = await change(path, session, csrf, b.slug);
      expect(posted.status).toBe(403);
      expect(posted.text).toContain('You are not signed in');
    }
    const none = await fetchPage(accountUrl(a.slug));
    expect(none.status).toBe(403);
    expect(none.text).toContain('You are not signed in');
    expect(await heldMethods(user.userId)).toEqual(['totp', 'recovery_code']);
  });
});
