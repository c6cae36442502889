import http from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';

/**
 * The baseline of the client_credentials benchmark, run as its own process like our service:
 * panva's oidc-provider configured as our token endpoint is for the benchmarked client (one
 * confidential client, client_secret_basic, client_credentials, ES256 JWT access tokens for a
 * default resource). Its storage is the built-in in-memory adapter; JWT access tokens are not
 * stored, as ours are not.
 */
const RESOURCE = 'https://api.bench.example';

async function serve(): Promise<void> {
  const { default: Provider } = await import('oidc-provider');
  const port = Number(process.env.PORT);
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const provider = new Provider(`http://127.0.0.1:${port}`, {
    clients: [
      {
        client_id: process.env.BENCH_CLIENT_ID,
        client_secret: process.env.BENCH_CLIENT_SECRET,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
        // Its default (RS256) must be a key it holds; it signs no ID tokens here.
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: 'bench-es256' }] },
    ttl: { ClientCredentials: 600 },
    cookies: { keys: ['bench-cookie-key-not-used-by-client-credentials'] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'read',
          audience: RESOURCE,
          accessTokenTTL: 600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
  });
  // Its readiness probe: the discovery document answers once the provider is listening.
  http.createServer(provider.callback()).listen(port, '127.0.0.1');
}

serve().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
process.on('SIGTERM', () => process.exit(0));
