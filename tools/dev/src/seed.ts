export interface DemoTenant {
  slug: string;
  homeRegion: string;
}

/** Creates the demo tenant once; a second `npm start` finds it (409) and goes on. */
export async function seedDemoTenant(managementUrl: string, operatorToken: string): Promise<DemoTenant> {
  const demo = { slug: 'demo', displayName: 'Demo Company', homeRegion: 'eu' };
  const r = await fetch(`${managementUrl}/admin/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(demo),
  });
  if (r.status !== 201 && r.status !== 409)
    throw new Error(`seeding the demo tenant failed: ${r.status} ${await r.text()}`);
  return demo;
}
