import * as oidc from 'openid-client';
import { startMailbox, type RunningMailbox } from '@idaas/infra-local';
import { REDIRECT_URI, relyingParty, type RelyingParty } from './support/code-flow';
import { freePort } from './support/free-port';
import { sessionCookieOf } from './support/hosted-login';
import {
  cookiePair,
  fetchPage,
  loginFlowOf,
  postForm,
  readForm,
  type PageResponse,
} from './support/hosted-pages';
import { mailTo, startMailingNotification } from './support/mailbox';
import { uniqueRegion } from './support/names';
import { regionWithTenants, type RegionWithTenants, type TenantRef } from './support/region-with-tenants';
import { eventually } from './support/wait';
import { startRegionRegistration, type RunningRegistration } from './support/registration';

const SEALING_KEY = Buffer.from('suite-message-sealing-key-32byte').toString('base64');
const PASSWORD = 'a long and uncommon passphrase';

/** The cookies one browser keeps across the registration service's pages. */
function cookieJar() {
  const cookies = new Map<string, string>();
  return {
    keep(res: PageResponse): PageResponse {
      for (const c of res.cookies) {
        const [name, ...value] = cookiePair(c).split('=');
        cookies.set(name!, value.join('='));
      }
      return res;
    },
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
  };
}

/** Where a 303 sends the browser, without its query. */
const pathOf = (res: PageResponse) => {
  expect(res.status).toBe(303);
  const to = new URL(res.location!);
  return `${to.origin}${to.pathname}`;
};

/** The OAuth error a 303 to the client's redirect URI carries. */
const errorAtClient = (res: PageResponse) => {
  expect(pathOf(res)).toBe(REDIRECT_URI);
  return new URL(res.location!).searchParams.get('error');
};

describe('prompt=create (Initiating User Registration via OpenID Connect 1.0)', () => {
  const region = uniqueRegion('pc');
  const database = `mgmt_${region}`;
  const tenant: TenantRef = { slug: `create-${region}`, id: '' };
  let world: RegionWithTenants;
  let registration: RunningRegistration;
  let notification: Awaited<ReturnType<typeof startMailingNotification>>;
  let mailbox: RunningMailbox;
  let rp: RelyingParty;
  const signUpPageUrl = () => `${registration.url}/t/${tenant.slug}/signup`;

  beforeAll(async () => {
    const registrationPort = await freePort();
    // The authorization endpoint sends prompt=create to sign-up here.
    world = await regionWithTenants(region, [tenant], {
      SIGNUP_BASE_URL: `http://127.0.0.1:${registrationPort}`,
    });
    registration = await startRegionRegistration(region, database, SEALING_KEY, {
      PORT: String(registrationPort),
      LOGIN_BASE_URL: world.stack.authentication[region]!.url,
    });
    mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
    notification = await startMailingNotification(region, database, mailbox, {
      MESSAGE_SEALING_KEY: SEALING_KEY,
    });
    await eventually(async () => (await fetch(`${registration.url}/t/${tenant.slug}`)).ok, {
      what: 'the tenant in the registration replica',
    });
    rp = await relyingParty(world.stack, region, tenant.slug, tenant.id);
  });

  afterAll(async () => {
    await registration?.close();
    await notification?.close();
    await mailbox?.close();
    await world?.close();
  });

  /** openid-client's authorization URL (PKCE, state, nonce), with the extra parameters given. */
  const authorization = async (extra: Record<string, string> = {}) => {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(rp.config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...extra,
    });
    return { url: url.href, verifier, state, nonce };
  };

  /** The authorization URL opened once the application has reached the region (no error page). */
  const open = (url: string, cookie?: string) =>
    eventually(
      async () => {
        const res = await fetchPage(url, cookie ? { headers: { cookie } } : {});
        return res.status === 400 && res.contentType.startsWith('text/html') ? undefined : res;
      },
      { what: 'the application in the region' },
    );

  /**
   * From the sign-up page to the client, as a person does it in one browser: the form, the code
   * from the real email typed in, then wherever the registration service sends the browser.
   */
  const signUpThroughPages = async (signUpUrl: string, email: string) => {
    const jar = cookieJar();
    const page = jar.keep(await fetchPage(signUpUrl));
    expect(page.status).toBe(200);
    const form = readForm(page.text);
    expect(form.hidden.flow).toBe(new URL(signUpUrl).searchParams.get('flow'));
    const submitted = jar.keep(
      await postForm(form.action, { ...form.hidden, email, password: PASSWORD }, jar.header()),
    );
    expect(submitted.status).toBe(200);
    const mail = await mailTo(mailbox, email, 'verification');
    const code = /\b(\d{6})\b/.exec(mail!.text)?.[1];
    const codeForm = readForm(submitted.text);
    const verified = await postForm(codeForm.action, { ...codeForm.hidden, code: code! }, jar.header());
    expect(pathOf(verified)).toBe(`${rp.issuer}/login/continue`);
    return fetchPage(verified.location!);
  };

  /** prompt=create from the client to its tokens: the new user's ID token and SSO session cookie. */
  const createAccount = async (email: string) => {
    const { url, verifier, state, nonce } = await authorization({ prompt: 'create' });
    const toSignUp = await open(url);
    expect(pathOf(toSignUp)).toBe(signUpPageUrl());
    const landed = await signUpThroughPages(toSignUp.location!, email);
    expect(pathOf(landed)).toBe(REDIRECT_URI);
    const tokens = await oidc.authorizationCodeGrant(rp.config, new URL(landed.location!), {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      expectedState: state,
      idTokenExpected: true,
    });
    return { tokens, sessionCookie: sessionCookieOf(landed) };
  };

  it('lists create among the prompt values in the discovery document openid-client read', () => {
    expect(rp.config.serverMetadata().prompt_values_supported).toEqual(expect.arrayContaining(['create']));
  });

  it('sends the browser to sign-up instead of the login page, and the new user back to the client with an ID token', async () => {
    const email = 'created@example.com';
    const { tokens, sessionCookie } = await createAccount(email);
    const user = await world.users.findByEmail(tenant.id, email);
    expect(user?.state).toBe('active');
    // The code from the email proved the address, and the ID token says so.
    expect(tokens.claims()).toMatchObject({ sub: user!.userId, email, email_verified: true });
    expect(sessionCookie).toBeDefined();
  });

  it('asks for a new account even when the browser is signed in', async () => {
    const { sessionCookie } = await createAccount('signed-in@example.com');
    // The session is live: without a prompt the client gets a code at once...
    const silent = await fetchPage((await authorization()).url, { headers: { cookie: sessionCookie! } });
    expect(pathOf(silent)).toBe(REDIRECT_URI);
    expect(new URL(silent.location!).searchParams.get('code')).toBeTruthy();
    // ...and with prompt=create the browser still goes to sign-up, for a new flow.
    const again = await fetchPage((await authorization({ prompt: 'create' })).url, {
      headers: { cookie: sessionCookie! },
    });
    expect(pathOf(again)).toBe(signUpPageUrl());
    expect(new URL(again.location!).searchParams.get('flow')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers the client invalid_request for an unknown prompt value, and for create with none', async () => {
    expect(errorAtClient(await open((await authorization({ prompt: 'sign_up' })).url))).toBe(
      'invalid_request',
    );
    expect(errorAtClient(await open((await authorization({ prompt: 'none create' })).url))).toBe(
      'invalid_request',
    );
  });

  it('answers the client access_denied when the tenant lets no one sign up; the login page is unaffected', async () => {
    const saved = await world.stack.admin(`/admin/tenants/${tenant.id}/policy`, 'PUT', {
      signUp: { enabled: false },
    });
    expect(saved.status).toBe(200);
    const refused = await eventually(
      async () => {
        const res = await fetchPage((await authorization({ prompt: 'create' })).url);
        return res.status === 303 && new URL(res.location!).searchParams.has('error') ? res : undefined;
      },
      { what: 'the closed sign-up in the region' },
    );
    expect(errorAtClient(refused)).toBe('access_denied');
    expect(loginFlowOf(await fetchPage((await authorization()).url))).toBeDefined();
  });
});
