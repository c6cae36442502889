import { generateKeyPairSync } from 'node:crypto';
import type { ApplicationView, TenantView } from '@idaas/replica';
import { BackChannelLogout, logoutNotices, type PostLogoutToken } from './back-channel-logout';
import type { ActiveKey } from './store/signing-key-store';

const app = (id: string, tenantId: string, uri?: string): ApplicationView =>
  ({
    applicationId: id,
    tenantId,
    status: 'active',
    idTokenSigningAlg: 'ES256',
    ...(uri ? { backchannelLogoutUri: uri } : {}),
  }) as ApplicationView;

const apps = [
  app('portal', 't1', 'https://portal.example/bcl'),
  app('plain', 't1'),
  app('other', 't2', 'https://o.example/bcl'),
];
const applications = {
  find: (tenantId: string, id: string) => apps.find((a) => a.tenantId === tenantId && a.applicationId === id),
};
const session = (clientIds: string[]) => ({ sessionId: 's1', tenantId: 't1', userId: 'u1', clientIds });

describe('logoutNotices', () => {
  it('owes a token only to applications of the session with a back-channel URI, once each', () => {
    const notices = logoutNotices([session(['portal', 'plain', 'portal', 'gone'])], applications);
    expect(notices.map((n) => n.application.applicationId)).toEqual(['portal']);
  });

  it("never finds another tenant's application", () => {
    expect(logoutNotices([session(['other'])], applications)).toEqual([]);
  });
});

describe('BackChannelLogout', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const key = { kid: 'k1', alg: 'ES256', privateKey } as unknown as ActiveKey;
  const tenant = { tenantId: 't1', slug: 'acme' } as TenantView;
  const warnings: object[] = [];

  const notifier = (answers: Awaited<ReturnType<PostLogoutToken>>[]) => {
    const posts: string[] = [];
    const bcl = new BackChannelLogout({
      tenants: { findById: () => tenant },
      applications,
      keys: { activeKey: async () => key },
      issuerOf: () => 'https://id.example/t/acme',
      clock: () => new Date('2026-03-01T00:00:00Z'),
      logger: { warn: (details) => void warnings.push(details) },
      retryPausesMs: [1, 1],
      post: async (url, token) => {
        posts.push(token);
        return answers.shift() ?? { status: 200 };
      },
    });
    return { bcl, posts };
  };

  beforeEach(() => warnings.splice(0));

  it('retries no answer and a 5xx, at most once per pause, and logs each failure without the token', async () => {
    const { bcl, posts } = notifier([
      { error: 'timeout' },
      { status: 503 },
      { status: 503 },
      { status: 503 },
    ]);
    bcl.notify([session(['portal'])]);
    await bcl.settled();
    expect(posts).toHaveLength(3);
    expect(warnings).toHaveLength(3);
    expect(JSON.stringify(warnings)).not.toContain(posts[0]);
    expect(warnings[2]).toMatchObject({ clientId: 'portal', sessionId: 's1', attempt: 3, final: true });
  });

  it('stops at a 2xx, and does not resend a token the application refused (4xx)', async () => {
    const ok = notifier([{ status: 500 }, { status: 204 }]);
    ok.bcl.notify([session(['portal'])]);
    await ok.bcl.settled();
    expect(ok.posts).toHaveLength(2);
    const refused = notifier([{ status: 400 }]);
    refused.bcl.notify([session(['portal'])]);
    await refused.bcl.settled();
    expect(refused.posts).toHaveLength(1);
  });
});
