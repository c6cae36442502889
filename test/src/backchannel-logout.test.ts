import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { MongoClient } from 'mongodb';
import * as oidc from 'openid-client';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { REDIRECT_URI, relyingParty, signIn, type RelyingParty } from './support/code-flow';
import { fetchPage, postForm, readForm } from './support/hosted-pages';
import { uniqueRegion } from './support/names';
import { startStack } from './support/stack';
import { eventually } from './support/wait';

type Stack = Awaited<ReturnType<typeof startStack>>;

const PASSWORD = 'correct horse battery staple';
const BACKCHANNEL_LOGOUT = 'http://schemas.openid.net/event/backchannel-logout';

/** One POST as an application's back-channel endpoint saw it. */
interface Arrival {
  path: string;
  contentType: string;
  logoutToken: string;
}

/**
 * The applications' back-channel endpoints: a real HTTP server. `/fail` answers 500, `/hang`
 * never answers; every other path answers 200.
 */
class BackChannelReceiver {
  readonly arrivals: Arrival[] = [];
  /** POSTs to `/hang` whose sender gave up (closed the connection) before any answer. */
  abandoned = 0;
  private server: Server | undefined;
  private port = 0;

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  to(path: string): Arrival[] {
    return this.arrivals.filter((a) => a.path === path);
  }

  async up(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        this.arrivals.push({
          path: req.url ?? '',
          contentType: String(req.headers['content-type'] ?? ''),
          logoutToken: body.get('logout_token') ?? '',
        });
        if (req.url === '/hang') {
          res.on('close', () => {
            if (!res.writableEnded) this.abandoned++;
          });
          return;
        }
        res.writeHead(req.url === '/fail' ? 500 : 200).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async down(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
}

/**
 * OpenID Connect Back-Channel Logout 1.0: when an SSO session ends (RP-initiated logout, the
 * user's own session list), each application of the session with a back-channel logout URI gets
 * a Logout Token it can verify against the tenant's JWKS, and nothing else does.
 */
describe('Back-channel logout', () => {
  const eu = uniqueRegion('bcl');
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  const receiver = new BackChannelReceiver();
  let stack: Stack;
  let users: MongoUserDirectory;
  let tenantId: string;
  let slug: string;
  let portal: RelyingParty;
  let wiki: RelyingParty;
  let plain: RelyingParty;
  let seq = 0;

  const newUser = async (tid: string) => {
    const email = `user${++seq}@acme.example`;
    const { userId } = await users.create(tid, {
      email,
      password: PASSWORD,
      state: 'active',
      emailVerified: true,
    });
    return { email, password: PASSWORD, userId };
  };

  /** The authorization endpoint answering from an existing session, redeemed by openid-client. */
  const ssoSignIn = async (rp: RelyingParty, cookie: string) =>
    eventually(
      async () => {
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        const url = oidc.buildAuthorizationUrl(rp.config, {
          redirect_uri: REDIRECT_URI,
          scope: 'openid profile',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
        });
        const answer = await fetchPage(url.href, { headers: { cookie } });
        if (answer.status !== 303) throw new Error(`SSO answered ${answer.status}`);
        return oidc.authorizationCodeGrant(rp.config, new URL(answer.location!), {
          pkceCodeVerifier: verifier,
          expectedState: state,
          idTokenExpected: true,
        });
      },
      { what: 'an SSO answer for a second application' },
    );

  /** RP-initiated logout through the confirmation page: the confirmed POST's answer. */
  const logout = async (rp: RelyingParty, cookie: string) => {
    const confirm = await fetchPage(`${rp.issuer}/oauth2/logout`, { headers: { cookie } });
    const form = readForm(confirm.text);
    return postForm(form.action, form.hidden, cookie);
  };

  /** Verifies a Logout Token as an application would: the tenant's JWKS, issuer, audience, type. */
  const verified = async (rp: RelyingParty, token: string) => {
    const jwks = createRemoteJWKSet(new URL(rp.config.serverMetadata().jwks_uri!));
    const { payload, protectedHeader } = await jwtVerify(token, jwks, {
      issuer: rp.issuer,
      audience: rp.clientId,
      typ: 'logout+jwt',
      maxTokenAge: '2m',
    });
    return { payload, protectedHeader };
  };

  const settle = () => new Promise((r) => setTimeout(r, 1500));

  beforeAll(async () => {
    await mongo.connect();
    await receiver.up();
    stack = await startStack([eu], `mgmt_${eu}`);
    users = new MongoUserDirectory(mongo.db(identityDatabaseName(eu)), {
      region: eu,
      source: `/idaas/${eu}/test`,
    });
    slug = `acme-${eu}`;
    tenantId = await stack.createTenant(slug, eu);
    portal = await relyingParty(stack, eu, slug, tenantId, { backchannelLogoutUri: receiver.url('/portal') });
    wiki = await relyingParty(stack, eu, slug, tenantId, {
      backchannelLogoutUri: receiver.url('/wiki'),
      backchannelLogoutSessionRequired: true,
    });
    plain = await relyingParty(stack, eu, slug, tenantId);
  });

  afterAll(async () => {
    await stack?.close();
    await receiver.down();
    await mongo.close();
  });

  it('says so in the discovery document', () => {
    expect(portal.config.serverMetadata()).toMatchObject({
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
    });
  });

  it('keeps the settings on the application and refuses a non-https URI naming the field', async () => {
    const created = await stack.admin(`/admin/tenants/${tenantId}/applications`, 'POST', {
      kind: 'web',
      name: 'Intranet',
      redirectUris: [REDIRECT_URI],
      backchannelLogoutUri: 'https://intranet.example/backchannel',
      backchannelLogoutSessionRequired: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      backchannelLogoutUri: 'https://intranet.example/backchannel',
      backchannelLogoutSessionRequired: true,
    });
    for (const uri of ['http://intranet.example/backchannel', 'https://intranet.example/bc#frag']) {
      const refused = await stack.admin<{ errors?: { field: string }[] }>(
        `/admin/tenants/${tenantId}/applications`,
        'POST',
        { kind: 'web', name: 'Intranet', redirectUris: [REDIRECT_URI], backchannelLogoutUri: uri },
      );
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.map((e) => e.field)).toEqual(['body.backchannelLogoutUri']);
    }
  });

  it('sends each application of the session with a back-channel URI one verifiable Logout Token on logout', async () => {
    const user = await newUser(tenantId);
    const { tokens, sessionCookie } = await signIn(portal, user);
    const wikiTokens = await ssoSignIn(wiki, sessionCookie);
    await ssoSignIn(plain, sessionCookie);
    const idToken = decodeJwt(tokens.id_token!);
    expect(decodeJwt(wikiTokens.id_token!).sid).toBe(idToken.sid);
    const before = receiver.arrivals.length;

    expect((await logout(portal, sessionCookie)).status).toBe(200);
    await eventually(async () => receiver.arrivals.length >= before + 2, { what: 'two logout tokens' });
    await settle();
    const mine = receiver.arrivals.slice(before);
    expect(mine.map((a) => a.path).sort()).toEqual(['/portal', '/wiki']);

    for (const [rp, arrival] of [
      [portal, mine.find((a) => a.path === '/portal')!],
      [wiki, mine.find((a) => a.path === '/wiki')!],
    ] as const) {
      expect(arrival.contentType).toBe('application/x-www-form-urlencoded');
      const { payload, protectedHeader } = await verified(rp, arrival.logoutToken);
      expect(payload).toMatchObject({
        sub: idToken.sub,
        sid: idToken.sid,
        events: { [BACKCHANNEL_LOGOUT]: {} },
      });
      expect(payload.jti).toEqual(expect.any(String));
      expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(120);
      expect(payload).not.toHaveProperty('nonce');
      // The same key as the ID tokens the application already verifies.
      expect(protectedHeader.kid).toBe(decodeProtectedHeader(tokens.id_token!).kid);
    }
    // Another application's token is not this one's.
    await expect(verified(wiki, mine.find((a) => a.path === '/portal')!.logoutToken)).rejects.toThrow();
  });

  it('tells the applications when the user signs a session out from the session list', async () => {
    const user = await newUser(tenantId);
    const { tokens, sessionCookie } = await signIn(portal, user);
    await ssoSignIn(wiki, sessionCookie);
    const sid = String(decodeJwt(tokens.id_token!).sid);
    const before = receiver.arrivals.length;
    const res = await fetch(`${portal.issuer}/me/sessions/${sid}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(res.status).toBe(204);
    await eventually(async () => receiver.arrivals.length >= before + 2, { what: 'two logout tokens' });
    const mine = receiver.arrivals.slice(before);
    expect(mine.map((a) => a.path).sort()).toEqual(['/portal', '/wiki']);
    for (const a of mine) expect(decodeJwt(a.logoutToken).sid).toBe(sid);
  });

  it("tells the applications when an admin resets the user's second factors, which ends the sessions", async () => {
    const user = await newUser(tenantId);
    const { tokens } = await signIn(portal, user);
    const before = receiver.arrivals.length;
    const reset = await fetch(
      `${stack.authentication[eu]!.url}/admin/tenants/${tenantId}/users/${user.userId}/mfa/enrolments`,
      { method: 'DELETE', headers: { authorization: `Bearer ${stack.operatorToken}` } },
    );
    expect(reset.status).toBe(200);
    await eventually(async () => receiver.arrivals.length > before, { what: 'the logout token' });
    const mine = receiver.arrivals.slice(before);
    expect(mine.map((a) => a.path)).toEqual(['/portal']);
    expect(decodeJwt(mine[0]!.logoutToken).sid).toBe(decodeJwt(tokens.id_token!).sid);
  });

  it('tells the applications when the user is disabled or locked by an admin, which ends the sessions', async () => {
    for (const transition of ['disable', 'lock'] as const) {
      const user = await newUser(tenantId);
      const { tokens, sessionCookie } = await signIn(portal, user);
      await ssoSignIn(wiki, sessionCookie);
      const sid = String(decodeJwt(tokens.id_token!).sid);
      const before = receiver.arrivals.length;
      // The lifecycle transition's event reaches the region through the user's outbox and Kafka.
      await users.transition(tenantId, user.userId, transition);
      await eventually(async () => receiver.arrivals.length >= before + 2, {
        what: `two logout tokens after ${transition}`,
      });
      const mine = receiver.arrivals.slice(before);
      expect(mine.map((a) => a.path).sort()).toEqual(['/portal', '/wiki']);
      for (const a of mine) expect(decodeJwt(a.logoutToken)).toMatchObject({ sid, sub: user.userId });
    }
  });

  it('does not end the sessions for a lock after too many wrong passwords, which anyone knowing the email can cause', async () => {
    const user = await newUser(tenantId);
    await signIn(portal, user);
    const lockout = { maxAttempts: 3, durationSeconds: 900 };
    for (let i = 0; i < 4; i++) await users.verifyPassword(tenantId, user.email, 'wrong', lockout);
    expect((await users.findById(tenantId, user.userId))?.state).toBe('locked');
    // A probe after the lock's event: the admin-lock test's sign-out arrives within this time.
    const probe = await newUser(tenantId);
    const probed = await signIn(portal, probe);
    const before = receiver.arrivals.length;
    await users.transition(tenantId, probe.userId, 'disable');
    await eventually(async () => receiver.arrivals.length > before, { what: "the probe's logout token" });
    expect(receiver.arrivals.slice(before).map((a) => decodeJwt(a.logoutToken).sid)).toEqual([
      decodeJwt(probed.tokens.id_token!).sid,
    ]);
    // The locked user's session was not ended (the lock refuses it meanwhile; it serves again after).
    const sessions = mongo.db(`idaas_${eu}_authentication`).collection('sessions');
    expect(await sessions.countDocuments({ tenantId, userId: user.userId })).toBe(1);
  });

  it('does not hold up or fail the logout for an endpoint that fails or never answers', async () => {
    const failing = await relyingParty(stack, eu, slug, tenantId, {
      backchannelLogoutUri: receiver.url('/fail'),
    });
    const hanging = await relyingParty(stack, eu, slug, tenantId, {
      backchannelLogoutUri: receiver.url('/hang'),
    });
    const user = await newUser(tenantId);
    const { sessionCookie } = await signIn(failing, user);
    await ssoSignIn(hanging, sessionCookie);
    const failedBefore = receiver.to('/fail').length;
    const hungBefore = receiver.to('/hang').length;

    const abandonedBefore = receiver.abandoned;
    const out = await logout(failing, sessionCookie);
    expect(out.status).toBe(200);
    // Answered before the provider gave up on the endpoint that never answers (it waits 5 s, then
    // tries again): the logout did not wait for the back channel.
    expect(receiver.abandoned).toBe(abandonedBefore);
    await eventually(async () => receiver.to('/hang').length > hungBefore, { what: 'the hanging POST' });
    // A 500 may be passing: the provider tries again.
    await eventually(async () => receiver.to('/fail').length >= failedBefore + 2, {
      what: 'a retry after a 500',
      timeoutMs: 10000,
    });
  });

  it("never tells another tenant's application", async () => {
    const otherSlug = `other-${eu}`;
    const otherTenant = await stack.createTenant(otherSlug, eu);
    const other = await relyingParty(stack, eu, otherSlug, otherTenant, {
      backchannelLogoutUri: receiver.url('/other'),
    });
    const otherUser = await newUser(otherTenant);
    const otherSession = await signIn(other, otherUser);
    const user = await newUser(tenantId);
    const { sessionCookie } = await signIn(portal, user);
    const before = receiver.arrivals.length;
    expect((await logout(portal, sessionCookie)).status).toBe(200);
    await eventually(async () => receiver.arrivals.length > before, { what: 'the portal logout token' });
    await settle();
    expect(receiver.arrivals.slice(before).map((a) => a.path)).toEqual(['/portal']);
    // The other tenant's own logout reaches its own application only.
    expect((await logout(other, otherSession.sessionCookie)).status).toBe(200);
    await eventually(async () => receiver.to('/other').length === 1, { what: "the other tenant's token" });
  });
});
