import type { MongoClient } from 'mongodb';
import * as oidc from 'openid-client';
import { ACR_MFA } from '@idaas/identity';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { accountPagesOf, backdateSignIns, heldMethods } from './support/account-pages';
import { sessionCookieOf } from './support/hosted-login';
import { fetchPage, postForm, readForm, type PageResponse } from './support/hosted-pages';
import { passwordStep, redeem, webApplication, type WebApplication } from './support/hosted-sign-in';
import { uniqueRegion } from './support/names';
import { regionWithTenants, type RegionWithTenants } from './support/region-with-tenants';
import { appFromSetUpPage, backdatePendingKey, enrolTotp } from './support/totp-enrolment';
import { eventually } from './support/wait';

const PASSWORD = 'correct horse battery staple';
const MFA_CHANGED = 'idaas.user.mfa.changed.v1';
const SET_UP_BUTTON = 'Set up an authenticator app</button>';

/**
 * "Set up an authenticator app" on the account security page (`/t/{tenant}/account`), on the
 * real stack, by a browser without JavaScript: in a tenant whose MFA is optional a user signed in
 * with the password only adds the app from the key the page shows, gets its recovery codes once,
 * and is asked for its code at the next sign-in. Wrong codes, stale sessions, forged forms, a
 * second app and a policy without `totp` enrol nothing.
 */
describe('authenticator app set up on the account security page', () => {
  const eu = uniqueRegion('apps');
  let fixture: RegionWithTenants;
  let mongo: MongoClient;
  /** The default policy: MFA optional, authenticator apps allowed. */
  const a = { slug: `a-${eu}`, id: '' };
  /** Its policy leaves authenticator apps out, part way through its test. */
  const b = { slug: `b-${eu}`, id: '' };
  let stack: RegionWithTenants['stack'];
  let topic: RegionWithTenants['topic'];
  let users: MongoUserDirectory;
  let payroll: WebApplication;
  let wiki: WebApplication;

  const pagesOf = (tenant: { slug: string }) => accountPagesOf(stack.authentication[eu]!.url, tenant.slug);
  const held = (tenant: { id: string }, userId: string) => heldMethods(stack, eu, tenant.id, userId);

  const newUser = (tenant = a) => fixture.activeUser(tenant.id, PASSWORD);

  /** A sign-in with the password alone (MFA optional, nothing enrolled): the browser's SSO session. */
  const signInWithPassword = async (app: WebApplication, email: string) => {
    const started = await passwordStep(app, { email, password: PASSWORD });
    expect((await redeem(app, started.response, started)).claims()!.amr).toEqual(['pwd']);
    return sessionCookieOf(started.response)!;
  };

  /** "Set up an authenticator app" on the overview: the first form, as the browser shows it. */
  const openSetUp = async (session: string, tenant = a) => {
    const form = readForm((await pagesOf(tenant).overview(session)).text);
    expect(form.action).toBe(pagesOf(tenant).url('/authenticator-app/set-up'));
    return postForm(form.action, form.hidden, session);
  };
  /** The set-up page's form posted with `code`. */
  const confirm = (setUp: PageResponse, session: string, code: string) => {
    const form = readForm(setUp.text);
    return postForm(form.action, { ...form.hidden, code }, session);
  };
  const wrongCodeBeside = (right: string) => (right === '000000' ? '111111' : '000000');
  const mfaEventsOf = (userId: string) => topic.of(userId).filter((e) => e.type === MFA_CHANGED);

  beforeAll(async () => {
    fixture = await regionWithTenants(eu, [a, b]);
    ({ stack, mongo, users, topic } = fixture);
    payroll = await webApplication(
      stack,
      { region: eu, slug: a.slug, tenantId: a.id },
      'Payroll',
      'https://payroll.example/callback',
    );
    wiki = await webApplication(
      stack,
      { region: eu, slug: b.slug, tenantId: b.id },
      'Wiki',
      'https://wiki.example/callback',
    );
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('sets the app up from the key shown: recovery codes once, told as the user’s own, asked for at the next sign-in', async () => {
    const user = await newUser();
    const session = await signInWithPassword(payroll, user.email);
    const before = await pagesOf(a).overview(session);
    expect(before.status).toBe(200);
    expect(before.text).toContain('Not set up.');
    expect(before.text).toContain(SET_UP_BUTTON);

    const setUp = await openSetUp(session);
    expect(setUp.status).toBe(200);
    expect(setUp.text).toContain('<h1>Set up an authenticator app</h1>');
    expect(setUp.text).toMatch(/<img id="totp-qr" src="data:image\/png;base64,/);
    expect(setUp.text).toMatch(/href="otpauth:\/\/totp\/[^"]+%40acme\.example\?secret=[A-Z2-7]+&amp;issuer=/);
    expect(setUp.text).toContain(`:${encodeURIComponent(user.email)}?secret=`);
    expect(readForm(setUp.text).action).toBe(pagesOf(a).url('/authenticator-app/confirm'));
    const app = appFromSetUpPage(setUp.text);
    // Shown again, the page keeps the key an app may have scanned already.
    const again = await openSetUp(session);
    expect(appFromSetUpPage(again.text).secret).toBe(app.secret);

    const res = await fetch(readForm(again.text).action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session },
      body: new URLSearchParams({ ...readForm(again.text).hidden, code: app.nextCode() }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const shown = await res.text();
    expect(shown).toContain('The authenticator app is set up');
    const codes = [...shown.matchAll(/<li><code>([a-z2-7-]+)<\/code><\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    expect(await held(a, user.userId)).toEqual(['totp', 'recovery_code']);
    expect((await topic.awaitOf(user.userId, MFA_CHANGED, 1)).map((e) => e.data)).toEqual([
      { userId: user.userId, method: 'totp', change: 'enrolled', actor: 'user' },
    ]);

    const after = await pagesOf(a).overview(session);
    expect(after.text).toMatch(/id="authenticator-app">\s*Set up <time/);
    expect(after.text).toMatch(/Codes left: 10, created/);
    expect(after.text).not.toContain(SET_UP_BUTTON);
    // The session set the app up with a code from it: further changes need no new sign-in.
    expect(after.text).not.toContain('id="reauthenticate"');

    const next = await passwordStep(payroll, { email: user.email, password: PASSWORD });
    expect(next.response.location).toMatch(/\/login\/mfa\?flow=/);
    const form = readForm((await fetchPage(next.response.location!)).text);
    const done = await postForm(form.action, { ...form.hidden, method: 'totp', code: app.nextCode() });
    expect((await redeem(payroll, done, next)).claims()!.amr).toEqual(['pwd', 'otp', 'mfa']);
  });

  it('counts the confirming code as a use of the app: new recovery codes and the app’s removal need no new sign-in', async () => {
    const user = await newUser();
    const session = await signInWithPassword(payroll, user.email);
    const setUp = await openSetUp(session);
    expect((await confirm(setUp, session, appFromSetUpPage(setUp.text).nextCode())).status).toBe(200);

    const renewed = await pagesOf(a).change('/recovery-codes', session);
    expect(renewed.status).toBe(200);
    expect(renewed.text).toContain('Your old codes no longer work.');
    const removed = await pagesOf(a).change('/authenticator-app/remove', session);
    expect(removed.status).toBe(303);
    expect(removed.location).toBe(`${pagesOf(a).url()}?done=app_removed`);
    expect(await held(a, user.userId)).toEqual([]);
    expect((await topic.awaitOf(user.userId, MFA_CHANGED, 4)).map((e) => e.data)).toEqual([
      { userId: user.userId, method: 'totp', change: 'enrolled', actor: 'user' },
      { userId: user.userId, method: 'recovery_code', change: 'regenerated', actor: 'user' },
      { userId: user.userId, method: 'totp', change: 'removed', actor: 'user' },
      { userId: user.userId, method: 'recovery_code', change: 'removed', actor: 'user' },
    ]);
  });

  it('is no sign-in with the app: an application asking for MFA still gets the second-factor step, not a code', async () => {
    const user = await newUser();
    const session = await signInWithPassword(payroll, user.email);
    const setUp = await openSetUp(session);
    expect((await confirm(setUp, session, appFromSetUpPage(setUp.text).nextCode())).status).toBe(200);

    // A stolen, freshly signed-in cookie could set an app up; it must not make the session MFA.
    const url = oidc.buildAuthorizationUrl(payroll.config, {
      redirect_uri: payroll.redirectUri,
      scope: 'openid',
      acr_values: ACR_MFA,
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      state: oidc.randomState(),
    });
    const answer = await fetchPage(url.href, { headers: { cookie: session } });
    expect(answer.location ?? '').not.toContain(payroll.redirectUri);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('type="password"');
  });

  it('still wants a recent sign-in after the app is set up: 15 minutes after the password, changes are refused (403)', async () => {
    const user = await newUser();
    const session = await signInWithPassword(payroll, user.email);
    const setUp = await openSetUp(session);
    expect((await confirm(setUp, session, appFromSetUpPage(setUp.text).nextCode())).status).toBe(200);

    // The token of the overview's forms, read while the session may still change things.
    const csrf = await pagesOf(a).csrfOf(session);
    await backdateSignIns(mongo, eu, a.id, user.userId, 16);
    const stale = await pagesOf(a).change('/recovery-codes', session, { csrf_token: csrf });
    expect(stale.status).toBe(403);
    expect(stale.text).toContain(
      'changing how you sign in needs a sign-in with your second factor within the last 15 minutes',
    );
    expect(await held(a, user.userId)).toEqual(['totp', 'recovery_code']);
  });

  it('refuses a code of a key shown more than 10 minutes ago (400): the page says so and shows a new key', async () => {
    const user = await newUser();
    const session = await signInWithPassword(payroll, user.email);
    const setUp = await openSetUp(session);
    const old = appFromSetUpPage(setUp.text);
    await backdatePendingKey(mongo.db(identityDatabaseName(eu)), user.userId, 11);

    const expired = await confirm(setUp, session, old.nextCode());
    expect(expired.status).toBe(400);
    expect(expired.text).toContain(
      '<p id="mfa-error" class="error" role="alert">This set-up expired; scan the new code.</p>',
    );
    const renewed = appFromSetUpPage(expired.text);
    expect(renewed.secret).not.toBe(old.secret);
    expect(await held(a, user.userId)).toEqual([]);
    expect(mfaEventsOf(user.userId)).toEqual([]);
    // Shown again, the set-up keeps the new key; the old key's codes are just wrong now.
    const again = await openSetUp(session);
    expect(appFromSetUpPage(again.text).secret).toBe(renewed.secret);
    const wrong = await confirm(again, session, old.nextCode());
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('The code is not correct or was already used.');

    expect((await confirm(wrong, session, renewed.nextCode())).status).toBe(200);
    expect(await held(a, user.userId)).toEqual(['totp', 'recovery_code']);
  });

  it('refuses a wrong code with the same key again (400), enrols nothing, and locks after five like a sign-in', async () => {
    const user = await newUser();
    const session = await signInWithPassword(payroll, user.email);
    const setUp = await openSetUp(session);
    const app = appFromSetUpPage(setUp.text);
    const wrong = wrongCodeBeside(app.nextCode());

    let page = setUp;
    // The sign-in's lockout (default policy: 5 attempts): the fifth wrong code locks the user.
    for (let i = 0; i < 5; i++) {
      page = await confirm(page, session, wrong);
      expect(page.status).toBe(400);
      expect(page.text).toContain(
        i < 4
          ? '<p id="mfa-error" class="error" role="alert">The code is not correct or was already used.</p>'
          : '<p id="mfa-error" class="error" role="alert">Too many attempts. Please try again later.</p>',
      );
      expect(page.text).toContain('aria-describedby="mfa-error"');
      expect(appFromSetUpPage(page.text).secret).toBe(app.secret);
    }
    expect((await users.findById(a.id, user.userId))!.state).toBe('locked');
    // A locked user's session is no longer live: even the right code is not taken.
    const afterLock = await confirm(page, session, app.nextCode());
    expect(afterLock.status).toBe(403);
    expect(afterLock.text).toContain('You are not signed in');
    expect(await held(a, user.userId)).toEqual([]);
    expect(mfaEventsOf(user.userId)).toEqual([]);
  });

  it('refuses a session older than 15 minutes (403) and a forged form; the key shown is never confirmed', async () => {
    const user = await newUser();
    const session = await signInWithPassword(payroll, user.email);
    const setUp = await openSetUp(session);
    const app = appFromSetUpPage(setUp.text);
    const { action, hidden } = readForm(setUp.text);

    const setUpUrl = pagesOf(a).url('/authenticator-app/set-up');
    for (const forged of [
      await postForm(setUpUrl, { csrf_token: 'forged' }, session),
      await postForm(action, { csrf_token: 'forged', code: app.nextCode() }, session),
    ]) {
      expect(forged.status).toBe(403);
      expect(forged.text).toContain('The form was not accepted.');
    }

    await backdateSignIns(mongo, eu, a.id, user.userId, 16);
    for (const stale of [
      await postForm(action, { ...hidden, code: app.nextCode() }, session),
      await postForm(setUpUrl, hidden, session),
    ]) {
      expect(stale.status).toBe(403);
      expect(stale.text).toContain('changing how you sign in needs a sign-in within the last 15 minutes');
      expect(stale.text).not.toContain('<form');
    }
    expect(await held(a, user.userId)).toEqual([]);
    // Nothing enrolled: the next sign-in still needs the password alone.
    const next = await passwordStep(payroll, { email: user.email, password: PASSWORD });
    expect(next.response.location).toMatch(/^https:\/\/payroll\.example\/callback\?code=/);
    expect(mfaEventsOf(user.userId)).toEqual([]);
  });

  it('refuses a second app (409): the overview says to remove the first one', async () => {
    const user = await newUser();
    const totp = await enrolTotp(
      mongo.db(identityDatabaseName(eu)),
      { region: eu, tenantId: a.id },
      user.userId,
    );
    const started = await passwordStep(payroll, { email: user.email, password: PASSWORD });
    const form = readForm((await fetchPage(started.response.location!)).text);
    const signedIn = await postForm(form.action, { ...form.hidden, method: 'totp', code: totp.nextCode() });
    await redeem(payroll, signedIn, started);
    const session = sessionCookieOf(signedIn)!;

    expect((await pagesOf(a).overview(session)).text).not.toContain(SET_UP_BUTTON);
    for (const [path, fields] of [
      ['/authenticator-app/set-up', {}],
      ['/authenticator-app/confirm', { code: totp.nextCode() }],
    ] as const) {
      const refused = await pagesOf(a).change(path, session, fields);
      expect(refused.status).toBe(409);
      expect(refused.text).toContain('You already have an authenticator app. Remove it first');
      expect(refused.text).toContain('<h1>Sign-in security</h1>');
    }
    expect(await held(a, user.userId)).toEqual(['totp', 'recovery_code']);
    expect(mfaEventsOf(user.userId)).toEqual([]);
  });

  it('offers no set-up where the policy leaves authenticator apps out, and refuses the posts (400)', async () => {
    const user = await newUser(b);
    // Two browsers, each holding the form of its own session before the policy changes.
    const first = await signInWithPassword(wiki, user.email);
    const second = await signInWithPassword(wiki, user.email);
    const setUp = await openSetUp(first, b);
    const app = appFromSetUpPage(setUp.text);
    const setUpForm = readForm((await pagesOf(b).overview(second)).text);

    const saved = await stack.admin(`/admin/tenants/${b.id}/policy`, 'PUT', {
      mfa: { mode: 'optional', methods: ['webauthn', 'recovery_code'] },
    });
    expect(saved.status).toBe(200);
    await eventually(
      async () => {
        const res = await fetch(
          `${stack.authentication[eu]!.url}/admin/tenants/${b.id}/applications/${wiki.clientId}/mfa-decision?userId=${user.userId}`,
          { headers: { authorization: `Bearer ${stack.operatorToken}` } },
        );
        const body = (await res.json()) as { decision?: { usableMethods: string[] } };
        return body.decision !== undefined && !body.decision.usableMethods.includes('totp');
      },
      { what: 'the policy without totp in the region' },
    );

    for (const refused of [
      await confirm(setUp, first, app.nextCode()),
      await postForm(setUpForm.action, setUpForm.hidden, second),
    ]) {
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('Authenticator apps cannot be set up here.');
    }
    const overview = await pagesOf(b).overview(first);
    expect(overview.text).toContain('Not set up.');
    expect(overview.text).not.toContain(SET_UP_BUTTON);
    expect(await held(b, user.userId)).toEqual([]);
    expect(mfaEventsOf(user.userId)).toEqual([]);
  });
});
