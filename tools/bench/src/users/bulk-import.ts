import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { UsersStack } from './users-stack';

export interface ImportJobView {
  importId: string;
  status: string;
  linesRead: number;
  imported: number;
  duplicates: number;
  failed: number;
}

export interface ImportTiming {
  users: number;
  seconds: number;
  usersPerSecond: number;
  /** CPU the lifecycle service used per imported user, in milliseconds. */
  cpuMsPerUser: number;
  job: ImportJobView;
}

/** The bench's users: user<i>@bench.example, family names Family<i % 1000>, one shared given hash. */
export function userLine(i: number, passwordHash: string): string {
  return JSON.stringify({
    email: `user${i}@bench.example`,
    givenName: `Given${i}`,
    familyName: `Family${i % 1000}`,
    passwordHash,
    emailVerified: true,
  });
}

/**
 * Uploads `count` generated users as one streamed NDJSON request (generated as the socket takes
 * them, never held whole), reading the progress lines of the answer while it uploads.
 */
export async function bulkImport(
  stack: UsersStack,
  count: number,
  passwordHash: string,
  log: (m: string) => void,
): Promise<ImportTiming> {
  const url = new URL(`${stack.lifecycle.url}/admin/tenants/${stack.tenantId}/users/import`);
  const token = await stack.token();
  const cpuBefore = stack.lifecycle.cpuSeconds();
  const started = performance.now();
  const job = await new Promise<ImportJobView>((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      if (res.statusCode !== 202) {
        reject(new Error(`import answered ${res.statusCode}`));
        res.resume();
        return;
      }
      let last: ImportJobView | undefined;
      const lines = createInterface({ input: res, crlfDelay: Infinity });
      lines.on('line', (line) => {
        last = JSON.parse(line) as ImportJobView;
        const elapsed = (performance.now() - started) / 1000;
        log(
          `import ${last.status}: ${last.linesRead}/${count} lines read, ${last.imported} imported, ` +
            `${last.duplicates} duplicates, ${last.failed} failed (${elapsed.toFixed(1)} s)`,
        );
      });
      lines.on('close', () => (last ? resolve(last) : reject(new Error('no progress lines'))));
    });
    void (async () => {
      const CHUNK = 1000;
      for (let i = 0; i < count; i += CHUNK) {
        const end = Math.min(count, i + CHUNK);
        let chunk = '';
        for (let j = i; j < end; j++) chunk += `${userLine(j, passwordHash)}\n`;
        if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
      }
      req.end();
    })().catch(reject);
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = stack.lifecycle.cpuSeconds() - cpuBefore;
  return {
    users: job.imported,
    seconds,
    usersPerSecond: job.imported / seconds,
    cpuMsPerUser: (cpu * 1000) / Math.max(1, job.imported),
    job,
  };
}
