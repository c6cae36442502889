import { MongoClient } from 'mongodb';
import { operatorToken } from '@idaas/dev/src/seed';
import { main as startTenant } from '@idaas/tenant-service';
import { identityDatabaseName, MongoUserDirectory } from '@idaas/user-store';
import { startChildServer, type ChildServer } from '../child-server';
import { stackEnv, until } from '../stack-env';

const OPERATOR_SECRET = 'bench-operator-client-secret-0123456789abcdef';
export const LOGIN_REDIRECT_URI = 'https://portal.bench.example/callback';
export const LOGIN_PASSWORD = 'correct horse battery staple, benchmarked';

export interface Client {
  clientId: string;
  clientSecret: string;
}

export type AdminCall = <T>(
  path: string,
  body: unknown,
  method?: 'POST' | 'PUT',
) => Promise<{ status: number; body: T }>;

export interface TokenStackOptions {
  /** More environment for the authentication service (e.g. a KEY_ENCRYPTION_KEY the bench also knows). */
  authenticationEnv?: Record<string, string>;
}

export interface TokenStack {
  /** Our authentication service: one region, in a process of its own. */
  authentication: ChildServer;
  region: string;
  tenantId: string;
  slug: string;
  issuer: string;
  /** client_credentials clients signing access tokens with ES256 and with RS256. */
  es256: Client;
  rs256: Client;
  /** A first-party web application for the hosted login (no consent page). */
  portal: Client;
  users: string[];
  /** The management plane's admin API, as the operator. */
  admin: AdminCall;
  close(): Promise<void>;
}

/**
 * The management plane in this process (it is not measured) and one region's authentication
 * service as a child process, with a tenant, its clients and `userCount` users with passwords.
 * UV_THREADPOOL_SIZE=1 puts every password hash of the service on one thread: one core.
 * OTEL_SDK_DISABLED=true: oidc-provider traces nothing, so neither does the service here.
 */
export async function startTokenStack(
  userCount: number,
  log: (m: string) => void,
  options: TokenStackOptions = {},
): Promise<TokenStack> {
  const run = `bt${Date.now().toString(36)}`;
  const region = run;
  const common = { REGIONS: region, KAFKA_TOPIC_PREFIX: `${run}.`, PORT: '0' };
  log('starting the management plane (in process) and the authentication service (child process)');
  const management = await startTenant({
    env: stackEnv({ ...common, MONGODB_DATABASE: `mgmt_${run}`, OPERATOR_CLIENT_SECRET: OPERATOR_SECRET }),
  });
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  let authentication: ChildServer | undefined;
  try {
    await mongo.connect();
    authentication = await startChildServer(
      'authentication',
      'services/authentication/src/main.ts',
      // Tracing off, as oidc-provider has none: the comparison is of the two token endpoints.
      stackEnv({
        ...common,
        REGION: region,
        UV_THREADPOOL_SIZE: '1',
        OTEL_SDK_DISABLED: 'true',
        ...options.authenticationEnv,
      }),
      '/readyz',
    );
    const regionUrl = authentication.url;
    const token = await operatorToken(regionUrl, OPERATOR_SECRET);
    const admin: AdminCall = async <T>(path: string, body: unknown, method: 'POST' | 'PUT' = 'POST') => {
      const res = await fetch(`${management.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as T };
    };
    const slug = `bench-${run}`;
    // 401 until the region's new signing key has reached the management plane.
    const tenantId = await until('the bench tenant', async () => {
      const res = await admin<{ tenantId: string }>('/admin/tenants', {
        slug,
        displayName: slug,
        homeRegion: region,
      });
      return res.status === 201 ? res.body.tenantId : undefined;
    });
    const application = async (body: Record<string, unknown>): Promise<Client> => {
      const res = await admin<Client>(`/admin/tenants/${tenantId}/applications`, body);
      if (res.status !== 201) throw new Error(`creating an application answered ${res.status}`);
      return { clientId: res.body.clientId, clientSecret: res.body.clientSecret };
    };
    const m2m = { kind: 'm2m', grantTypes: ['client_credentials'] };
    const es256 = await application({ ...m2m, name: 'bench-es256', accessTokenSigningAlg: 'ES256' });
    const rs256 = await application({ ...m2m, name: 'bench-rs256', accessTokenSigningAlg: 'RS256' });
    const portal = await application({
      name: 'bench-portal',
      kind: 'web',
      redirectUris: [LOGIN_REDIRECT_URI],
      accessTokenSigningAlg: 'ES256',
    });
    log(`creating ${userCount} users`);
    const directory = new MongoUserDirectory(mongo.db(identityDatabaseName(region)), {
      region,
      source: `/idaas/${region}/bench`,
    });
    const users: string[] = [];
    for (let i = 0; i < userCount; i++) {
      const email = `user${i}@bench.example`;
      await directory.create(tenantId, {
        email,
        password: LOGIN_PASSWORD,
        state: 'active',
        emailVerified: true,
      });
      users.push(email);
    }
    const issuer = `${regionUrl}/t/${slug}`;
    // The tenant and its applications reach the region's read model through the broker.
    for (const client of [es256, rs256, portal]) {
      await until(`application ${client.clientId} in the region`, async () => {
        const res = await fetch(`${issuer}/oauth2/token`, {
          method: 'POST',
          headers: {
            authorization: basicAuth(client),
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: 'grant_type=client_credentials',
        });
        // The portal may not use client_credentials: 400 unauthorized_client means it is known.
        return res.status === 200 || (client === portal && res.status === 400) ? true : undefined;
      });
    }
    const started = authentication;
    return {
      authentication: started,
      region,
      tenantId,
      slug,
      issuer,
      es256,
      rs256,
      portal,
      users,
      admin,
      async close() {
        await started.stop();
        await management.close();
        await mongo.close();
      },
    };
  } catch (e) {
    await authentication?.stop();
    await management.close();
    await mongo.close();
    throw e;
  }
}

export const basicAuth = ({ clientId, clientSecret }: Client): string =>
  `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
