import type { JWK } from 'jose';
import type { ApplicationView } from '@idaas/replica';

const FETCH_TIMEOUT_MS = 2_000;
const CACHE_MS = 5 * 60_000;

/**
 * The public keys a client registered: inline `jwks`, or fetched from its `jwksUri` with a short
 * timeout and cached, so a slow client endpoint cannot hold our token endpoint.
 */
export class ClientKeys {
  private readonly fetched = new Map<string, { keys: JWK[]; at: number }>();

  constructor(private readonly fetchJson: (url: string) => Promise<unknown> = fetchWithTimeout) {}

  async of(app: ApplicationView, now: Date): Promise<JWK[]> {
    if (app.jwks) return app.jwks.keys as unknown as JWK[];
    if (!app.jwksUri) return [];
    const cached = this.fetched.get(app.jwksUri);
    if (cached && now.getTime() - cached.at < CACHE_MS) return cached.keys;
    try {
      const body = (await this.fetchJson(app.jwksUri)) as { keys?: unknown };
      const keys = Array.isArray(body?.keys) ? (body.keys as JWK[]) : [];
      this.fetched.set(app.jwksUri, { keys, at: now.getTime() });
      return keys;
    } catch {
      return cached?.keys ?? [];
    }
  }
}

async function fetchWithTimeout(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error' });
  if (!res.ok) throw new Error(`jwks_uri answered ${res.status}`);
  return res.json();
}
