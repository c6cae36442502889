import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { main as startAuthentication } from '@idaas/authentication-service';
import { main as startTenant } from '@idaas/tenant-service';
import { env } from './names';
import { eventually } from './wait';

export const OPERATOR_CLIENT_ID = '00000000-0000-4000-8000-000000000001';
export const OPERATOR_CLIENT_SECRET = 'suite-operator-client-secret-0123456789abcdef';
export const MANAGEMENT_AUDIENCE = 'urn:idaas:management';
/** The suites' webhook secret key (32 bytes), so a test can unseal what the regions received. */
export const WEBHOOK_SECRET_KEY = Buffer.from('suite-webhook-secret-key-32bytes').toString('base64');

export const basicAuth = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** client_credentials at a region for the management API; undefined while not yet possible. */
export async function managementToken(
  regionUrl: string,
  tenantSlug: string,
  clientId: string,
  secret: string,
  scope?: string,
) {
  const res = await fetch(`${regionUrl}/t/${tenantSlug}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: basicAuth(clientId, secret),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      resource: MANAGEMENT_AUDIENCE,
      ...(scope ? { scope } : {}),
    }),
  });
  return res.ok ? ((await res.json()) as { access_token: string }).access_token : undefined;
}

export interface AdminResponse<T> {
  status: number;
  body: T;
  text: string;
}

/**
 * The management plane plus one authentication service per region, in this process, and an
 * admin client holding a platform operator token issued by the first region.
 */
export async function startStack(
  regions: string[],
  database: string,
  spanProcessors?: SpanProcessor[],
  /** More settings of every region's authentication service, e.g. SIGNUP_BASE_URL. */
  authenticationEnv: Record<string, string> = {},
) {
  // Its own topics: every stack is a separate deployment with its own system tenant.
  const KAFKA_TOPIC_PREFIX = `${database}.`;
  const tenant = await startTenant({
    env: env({
      MONGODB_DATABASE: database,
      REGIONS: regions.join(','),
      OPERATOR_CLIENT_SECRET,
      WEBHOOK_SECRET_KEY,
      KAFKA_TOPIC_PREFIX,
    }),
    spanProcessors,
  });
  const authentication: Record<string, Awaited<ReturnType<typeof startAuthentication>>> = {};
  for (const region of regions) {
    authentication[region] = await startAuthentication({
      env: env({ REGION: region, REGIONS: regions.join(','), KAFKA_TOPIC_PREFIX, ...authenticationEnv }),
    });
  }
  const call = async <T>(
    token: string | undefined,
    path: string,
    method = 'GET',
    body?: unknown,
  ): Promise<AdminResponse<T>> => {
    const res = await fetch(`${tenant.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, text, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const firstRegion = authentication[regions[0]!]!;
  // The system tenant and its operator client travel to the region; the region's new key travels back.
  const operatorToken = await eventually(
    async () => {
      const t = await managementToken(firstRegion.url, 'system', OPERATOR_CLIENT_ID, OPERATOR_CLIENT_SECRET);
      return t && (await call(t, '/admin/tenants?limit=1')).status === 200 ? t : undefined;
    },
    { what: 'a platform operator token the admin API accepts' },
  );
  const admin = <T = Record<string, unknown>>(path: string, method = 'GET', body?: unknown) =>
    call<T>(operatorToken, path, method, body);
  return {
    tenant,
    authentication,
    operatorToken,
    admin,
    /** The admin API with any token (or none), for authorization tests. */
    call,
    /** Creates a tenant and waits until every region's replica has it. */
    async createTenant(slug: string, homeRegion: string): Promise<string> {
      const created = await admin<{ tenantId: string }>('/admin/tenants', 'POST', {
        slug,
        displayName: slug,
        homeRegion,
      });
      if (created.status !== 201)
        throw new Error(`tenant creation answered ${created.status}: ${created.text}`);
      for (const service of Object.values(authentication)) {
        await eventually(async () => (await fetch(`${service.url}/t/${slug}`)).ok, {
          what: `tenant ${slug} in a region`,
        });
      }
      return created.body.tenantId;
    },
    /** Restarts a region's authentication service, e.g. to show it answers from its stored replica. */
    async restartRegion(region: string) {
      await authentication[region]!.close();
      authentication[region] = await startAuthentication({
        env: env({ REGION: region, REGIONS: regions.join(','), KAFKA_TOPIC_PREFIX, ...authenticationEnv }),
        spanProcessors,
      });
      return authentication[region]!;
    },
    async close() {
      await tenant.close();
      await Promise.all(Object.values(authentication).map((a) => a.close()));
    },
  };
}
