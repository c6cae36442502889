export interface DemoTenant {
  slug: string;
  homeRegion: string;
}

const OPERATOR_CLIENT_ID = '00000000-0000-4000-8000-000000000001';

/** A platform operator token from a region, as any admin tool would get one (client_credentials). */
export async function operatorToken(regionUrl: string, secret: string, timeoutMs = 60000): Promise<string> {
  const until = Date.now() + timeoutMs;
  const basic = Buffer.from(`${OPERATOR_CLIENT_ID}:${encodeURIComponent(secret)}`).toString('base64');
  while (Date.now() < until) {
    const res = await fetch(`${regionUrl}/t/system/oauth2/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&resource=urn%3Aidaas%3Amanagement',
    });
    if (res.ok) return ((await res.json()) as { access_token: string }).access_token;
    // The system tenant and its operator client are still on their way to the region.
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('could not get a platform operator token from the region');
}

/** Creates the demo tenant once; a second `npm start` finds it (409) and goes on. */
export async function seedDemoTenant(
  managementUrl: string,
  token: string,
  timeoutMs = 60000,
): Promise<DemoTenant> {
  const demo = { slug: 'demo', displayName: 'Demo Company', homeRegion: 'eu' };
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const r = await fetch(`${managementUrl}/admin/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(demo),
    });
    if (r.status === 201 || r.status === 409) return demo;
    // 401 until the region's new signing key has reached the management plane.
    if (r.status !== 401) throw new Error(`seeding the demo tenant failed: ${r.status} ${await r.text()}`);
    await new Promise((res) => setTimeout(res, 300));
  }
  throw new Error('the management plane did not accept the operator token in time');
}
