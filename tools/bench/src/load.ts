import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requestsPerSecond: number;
  /** Answers other than 200: a benchmark of errors would look fast. */
  failures: number;
}

/**
 * Closed-loop load: `concurrency` keep-alive connections, each sending the next request as soon
 * as the previous answer is read, for `seconds`. Every server under test is driven by this same
 * generator, so its own cost (node's http client, on the bench's core) cancels out in ratios.
 */
export async function driveLoad(
  baseUrl: string,
  request: LoadRequest,
  { concurrency, seconds }: { concurrency: number; seconds: number },
): Promise<LoadResult> {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const headers = { ...request.headers, ...(body ? { 'content-length': String(body.length) } : {}) };
  let ok = 0;
  let failures = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, method: request.method, path: request.path, headers, agent },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const connection = async () => {
    while (performance.now() < until) {
      if ((await once()) === 200) ok += 1;
      else failures += 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, connection));
  } finally {
    agent.destroy();
  }
  return { requestsPerSecond: ok / ((performance.now() - started) / 1000), failures };
}
