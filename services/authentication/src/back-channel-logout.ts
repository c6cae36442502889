import { httpSend } from '@idaas/http';
import type { ApplicationView, TenantView } from '@idaas/replica';
import { logoutTokenClaims, signLogoutToken } from './domain/logout-token';
import type { ActiveKey } from './store/signing-key-store';
import type { EndedSession } from './store/session-store';

/** One POST of a Logout Token: the status answered, or why there was none. */
export type PostLogoutToken = (
  url: string,
  logoutToken: string,
  timeoutMs: number,
) => Promise<{ status: number } | { error: string }>;

export interface BackChannelLogoutDeps {
  tenants: { findById(tenantId: string): TenantView | undefined };
  applications: { find(tenantId: string, clientId: string): ApplicationView | undefined };
  keys: { activeKey(tenant: TenantView, alg: ApplicationView['idTokenSigningAlg']): Promise<ActiveKey> };
  issuerOf: (tenant: TenantView) => string;
  clock: () => Date;
  logger: { warn(details: object, message: string): void };
  post?: PostLogoutToken;
  /** Pauses before each retry, in ms; one attempt more than there are pauses. */
  retryPausesMs?: readonly number[];
  timeoutMs?: number;
}

/** A Logout Token owed to one application for one ended session. */
export interface LogoutNotice {
  tenantId: string;
  session: EndedSession;
  application: ApplicationView & { backchannelLogoutUri: string };
}

/** Which applications of the ended sessions asked to hear of it (a back-channel logout URI). */
export function logoutNotices(
  ended: readonly EndedSession[],
  applications: BackChannelLogoutDeps['applications'],
): LogoutNotice[] {
  return ended.flatMap((session) =>
    [...new Set(session.clientIds ?? [])].flatMap((clientId) => {
      // The lookup names the session's tenant: an application of another tenant is never found.
      const application = applications.find(session.tenantId, clientId);
      if (application?.status !== 'active' || !application.backchannelLogoutUri) return [];
      const uri = application.backchannelLogoutUri;
      return [
        { tenantId: session.tenantId, session, application: { ...application, backchannelLogoutUri: uri } },
      ];
    }),
  );
}

/**
 * A form POST (section 2.5) through the same sender as webhooks, without following redirects: a
 * token goes only to the URI the application registered.
 */
const formPost: PostLogoutToken = async (url, logoutToken, timeoutMs) => {
  const sent = await httpSend(
    url,
    new URLSearchParams({ logout_token: logoutToken }).toString(),
    { 'content-type': 'application/x-www-form-urlencoded' },
    timeoutMs,
  );
  return sent.statusCode === undefined ? { error: sent.error ?? 'no answer' } : { status: sent.statusCode };
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * OpenID Connect Back-Channel Logout 1.0 for the sessions this region ends: each application of
 * the session with a back-channel logout URI gets a Logout Token, server to server.
 * https://openid.net/specs/openid-connect-backchannel-1_0.html
 *
 * Sent directly from here rather than through the outbox and the notification service: the token
 * must be signed with the tenant's private key, which only this service holds, and it is valid two
 * minutes, so a delivery that waits out a crash, a restart and a topic's lag would mostly arrive
 * expired. The price: a process that dies between ending a session and the POST loses that
 * notice (the application's own session then ends by its own expiry, as without back channel).
 *
 * Delivery never holds up or fails the logout that caused it: `notify` only starts it.
 */
export class BackChannelLogout {
  private readonly post: PostLogoutToken;
  private readonly pauses: readonly number[];
  private readonly timeoutMs: number;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: BackChannelLogoutDeps) {
    this.post = deps.post ?? formPost;
    this.pauses = deps.retryPausesMs ?? [1_000, 5_000];
    this.timeoutMs = deps.timeoutMs ?? 5_000;
  }

  /** Starts delivering to every application of the ended sessions that asked for it. */
  readonly notify = (ended: EndedSession[]): void => {
    for (const notice of logoutNotices(ended, this.deps.applications)) {
      const delivery = this.deliver(notice).catch((err: unknown) =>
        this.deps.logger.warn({ ...where(notice), err: String(err) }, 'back-channel logout not sent'),
      );
      this.running.add(delivery);
      void delivery.finally(() => this.running.delete(delivery));
    }
  };

  /** Resolves when every delivery started so far is done (stopping the service, tests). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private async deliver(notice: LogoutNotice): Promise<void> {
    const tenant = this.deps.tenants.findById(notice.tenantId);
    if (!tenant) return;
    const { application, session } = notice;
    const claims = logoutTokenClaims(
      {
        issuer: this.deps.issuerOf(tenant),
        clientId: application.applicationId,
        userId: session.userId,
        sessionId: session.sessionId,
      },
      this.deps.clock(),
    );
    // The same key and `kid` as this application's ID tokens, so it verifies both alike.
    const token = await signLogoutToken(
      claims,
      await this.deps.keys.activeKey(tenant, application.idTokenSigningAlg),
    );
    for (let attempt = 1; ; attempt++) {
      const result = await this.post(application.backchannelLogoutUri, token, this.timeoutMs);
      if ('status' in result && result.status >= 200 && result.status < 300) return;
      const pause = this.pauses[attempt - 1];
      // Section 2.8: the OP may retry. A 4xx is the application refusing this token: sending the
      // same one again changes nothing; no answer or a 5xx may be passing.
      const final = pause === undefined || ('status' in result && result.status < 500);
      this.deps.logger.warn(
        { ...where(notice), attempt, final, ...result },
        'back-channel logout delivery failed',
      );
      if (final) return;
      await sleep(pause);
    }
  }
}

/** What a log line says of a delivery: never the token. */
const where = (n: LogoutNotice) => ({
  tenantId: n.tenantId,
  clientId: n.application.applicationId,
  sessionId: n.session.sessionId,
  uri: n.application.backchannelLogoutUri,
});
