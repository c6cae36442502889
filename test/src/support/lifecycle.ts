import { main as startLifecycle } from '@idaas/lifecycle-service';
import { env } from './names';
import { managementToken, startStack } from './stack';
import { eventually } from './wait';

export type Stack = Awaited<ReturnType<typeof startStack>>;
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The stack plus the region's lifecycle service, sharing its topics. */
export async function startLifecycleStack(
  region: string,
  database: string,
  extraEnv: Record<string, string> = {},
  /** The lifecycle service's clock, for its scheduled jobs. */
  clock?: () => Date,
  /** More regions of the stack (key managers only), for what other regions see of this one's users. */
  otherRegions: readonly string[] = [],
) {
  const stack = await startStack([region, ...otherRegions], database);
  const lifecycle = await startLifecycle({
    env: env({ REGION: region, REGIONS: region, KAFKA_TOPIC_PREFIX: `${database}.`, ...extraEnv }),
    ...(clock ? { clock } : {}),
  });

  /** A tenant's m2m client token with `scopes`, once the region issues it. */
  async function clientToken(tenantId: string, slug: string, scopes: string[]): Promise<string> {
    const app = await stack.admin<{ clientId: string; clientSecret: string }>(
      `/admin/tenants/${tenantId}/applications`,
      'POST',
      { name: `admin ${scopes.join(' ')}`, kind: 'm2m', scopes },
    );
    return eventually(
      () =>
        managementToken(stack.authentication[region]!.url, slug, app.body.clientId, app.body.clientSecret),
      { what: `a token for ${slug}` },
    );
  }

  /** A JSON call to the lifecycle service. */
  async function call(token: string | undefined, path: string, method = 'GET', body?: unknown) {
    const res = await fetch(`${lifecycle.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Json };
  }

  /** Waits until the lifecycle service knows the tenant and accepts its admin's token. */
  async function ready(tenantId: string, token: string): Promise<void> {
    await eventually(
      async () => {
        const probe = await call(token, `/admin/tenants/${tenantId}/users/nobody`);
        return probe.status === 404 && probe.body.detail === 'No such user.';
      },
      { what: `the lifecycle service accepting tokens of ${tenantId}` },
    );
  }

  return {
    stack,
    lifecycle,
    clientToken,
    call,
    ready,
    async close() {
      await lifecycle.close();
      await stack.close();
    },
  };
}
