import { performance } from 'node:perf_hooks';
import { startChildServer } from '../child-server';
import { driveLoad, type LoadRequest } from '../load';
import { median } from '../stats';
import { basicAuth, type Client } from './token-stack';

export interface GrantRates {
  ours: number[];
  oidcProvider: number[];
  /** Grants per second of CPU the server's process used (all its threads), per round. */
  perCpuSecond: { ours: number[]; oidcProvider: number[] };
  failures: { ours: number; oidcProvider: number };
}

export interface GrantLoad {
  rounds: number;
  seconds: number;
  concurrency: number;
}

const tokenRequest = (path: string, client: Client): LoadRequest => ({
  method: 'POST',
  path,
  headers: { authorization: basicAuth(client), 'content-type': 'application/x-www-form-urlencoded' },
  body: 'grant_type=client_credentials',
});

/**
 * client_credentials grants per second: our token endpoint and oidc-provider's, each one node
 * process, driven by the same generator in alternating rounds so drift in the machine's load
 * hits both alike. A short warm-up per server first lets the JIT and connections settle.
 */
export async function clientCredentialsRates(
  ours: { url: string; path: string; client: Client; cpuSeconds: () => number },
  load: GrantLoad,
  log: (m: string) => void,
): Promise<GrantRates> {
  const baselineClient = { clientId: 'bench-client', clientSecret: 'bench-client-secret-0123456789abcdef' };
  const baseline = await startChildServer(
    'oidc-provider',
    'tools/bench/src/oidc-provider-server.ts',
    { BENCH_CLIENT_ID: baselineClient.clientId, BENCH_CLIENT_SECRET: baselineClient.clientSecret },
    '/.well-known/openid-configuration',
  );
  const targets = {
    ours: { url: ours.url, request: tokenRequest(ours.path, ours.client), cpuSeconds: ours.cpuSeconds },
    oidcProvider: {
      url: baseline.url,
      request: tokenRequest('/token', baselineClient),
      cpuSeconds: baseline.cpuSeconds,
    },
  };
  const rates: GrantRates = {
    ours: [],
    oidcProvider: [],
    perCpuSecond: { ours: [], oidcProvider: [] },
    failures: { ours: 0, oidcProvider: 0 },
  };
  try {
    for (const name of ['ours', 'oidcProvider'] as const) {
      const warm = await driveLoad(targets[name].url, targets[name].request, { ...load, seconds: 2 });
      if (warm.requestsPerSecond === 0) throw new Error(`${name} issued no token during the warm-up`);
    }
    for (let round = 1; round <= load.rounds; round++) {
      for (const name of ['ours', 'oidcProvider'] as const) {
        const cpuBefore = targets[name].cpuSeconds();
        const started = performance.now();
        const result = await driveLoad(targets[name].url, targets[name].request, load);
        const granted = result.requestsPerSecond * ((performance.now() - started) / 1000);
        rates[name].push(result.requestsPerSecond);
        rates.perCpuSecond[name].push(granted / (targets[name].cpuSeconds() - cpuBefore));
        rates.failures[name] += result.failures;
        log(
          `client_credentials round ${round}/${load.rounds} ${name}: ${result.requestsPerSecond.toFixed(0)}/s, ` +
            `${rates.perCpuSecond[name].at(-1)!.toFixed(0)} per CPU-second`,
        );
      }
    }
  } finally {
    await baseline.stop();
  }
  log(
    `client_credentials medians: ours ${median(rates.ours).toFixed(0)}/s, oidc-provider ${median(rates.oidcProvider).toFixed(0)}/s`,
  );
  return rates;
}
