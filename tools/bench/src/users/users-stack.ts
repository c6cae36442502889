import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { operatorToken } from '@idaas/dev/src/seed';
import { Topics } from '@idaas/events';
import { main as startTenant } from '@idaas/tenant-service';
import { identityDatabaseName } from '@idaas/user-store';
import { startChildServer, type ChildServer } from '../child-server';
import { stackEnv, until } from '../stack-env';

const OPERATOR_SECRET = 'bench-operator-client-secret-0123456789abcdef';

export interface UsersStack {
  /** Sign-up (measured): one process, one hashing thread. */
  registration: ChildServer;
  /** Import and SCIM (measured). */
  lifecycle: ChildServer;
  slug: string;
  tenantId: string;
  /**
   * A platform operator token the lifecycle service accepts (users:read, users:write), renewed
   * before it expires: a full run outlasts one token (10 minutes), and the SCIM lists came last.
   */
  token(): Promise<string>;
  /** The region's identity database, for the baseline queries straight through the driver. */
  identity: Db;
  /** The region's user topic as named on the broker (with the run's prefix). */
  userTopic: string;
  close(): Promise<void>;
}

/**
 * The management plane in this process (not measured); the region's authentication service (for
 * the operator token), registration and lifecycle services as child processes, and one tenant.
 * UV_THREADPOOL_SIZE=1: every password hash of a service on one thread, one core.
 */
export async function startUsersStack(log: (m: string) => void): Promise<UsersStack> {
  const run = `bu${Date.now().toString(36)}`;
  const region = run;
  const common = {
    REGIONS: region,
    REGION: region,
    KAFKA_TOPIC_PREFIX: `${run}.`,
    OTEL_SDK_DISABLED: 'true',
  };
  log(
    'starting the management plane (in process), authentication, registration and lifecycle (child processes)',
  );
  const management = await startTenant({
    env: stackEnv({
      ...common,
      MONGODB_DATABASE: `mgmt_${run}`,
      OPERATOR_CLIENT_SECRET: OPERATOR_SECRET,
      PORT: '0',
    }),
  });
  const mongo = new MongoClient(process.env.MONGODB_URI ?? '');
  const children: ChildServer[] = [];
  const stopAll = async () => {
    await Promise.all(children.map((c) => c.stop()));
    await management.close();
    await dropRunDatabases(mongo, run).catch((e: unknown) =>
      log(`could not drop the bench databases: ${String(e)}`),
    );
    await mongo.close();
  };
  try {
    await mongo.connect();
    const child = async (name: string, extra: Record<string, string> = {}) => {
      const c = await startChildServer(
        name,
        `services/${name}/src/main.ts`,
        stackEnv({ ...common, ...extra }),
        '/readyz',
      );
      children.push(c);
      return c;
    };
    const authentication = await child('authentication');
    const registration = await child('registration', {
      UV_THREADPOOL_SIZE: '1',
      MESSAGE_SEALING_KEY: randomBytes(32).toString('base64'),
    });
    const lifecycle = await child('lifecycle');
    const token = operatorTokens(authentication.url);
    const slug = `bench-${run}`;
    // 401 until the region's new signing key has reached the management plane.
    const tenantId = await until('the bench tenant', async () => {
      const res = await fetch(`${management.url}/admin/tenants`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ slug, displayName: slug, homeRegion: region }),
      });
      return res.status === 201 ? ((await res.json()) as { tenantId: string }).tenantId : undefined;
    });
    await until('the tenant in the registration service', async () =>
      (await fetch(`${registration.url}/t/${slug}`)).ok ? true : undefined,
    );
    await until('the tenant and the operator key in the lifecycle service', async () => {
      const res = await fetch(`${lifecycle.url}/scim/v2/tenants/${tenantId}/Users?count=1`, {
        headers: { authorization: `Bearer ${await token()}` },
      });
      return res.ok ? true : undefined;
    });
    return {
      registration,
      lifecycle,
      slug,
      tenantId,
      token,
      identity: mongo.db(identityDatabaseName(region)),
      userTopic: `${common.KAFKA_TOPIC_PREFIX}${Topics.user(region)}`,
      close: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/**
 * The run's databases (the management plane's and every idaas_<region>_* of its own region):
 * the shared server holds every suite's data in one heap, and 100k users left behind would stay.
 */
async function dropRunDatabases(mongo: MongoClient, run: string): Promise<void> {
  const { databases } = await mongo.db('admin').admin().listDatabases({ nameOnly: true });
  const ours = databases
    .map((d) => d.name)
    .filter((name) => name === `mgmt_${run}` || name.startsWith(`idaas_${run}_`));
  for (const name of ours) await mongo.db(name).dropDatabase();
}

/** Renewal well inside the operator client's access-token lifetime. */
const TOKEN_RENEWAL_MS = 4 * 60 * 1000;

function operatorTokens(regionUrl: string): () => Promise<string> {
  let current: { token: Promise<string>; at: number } | undefined;
  return () => {
    if (!current || Date.now() - current.at > TOKEN_RENEWAL_MS)
      current = { token: operatorToken(regionUrl, OPERATOR_SECRET), at: Date.now() };
    return current.token;
  };
}
