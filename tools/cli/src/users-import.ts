import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import type { ParsedArgs } from './args';
import { CliError } from './client';

export const USERS_IMPORT_USAGE =
  'users import --tenant ID --file users.ndjson   (IDAAS_LIFECYCLE_URL: the tenant region lifecycle service, default http://127.0.0.1:4102)';

interface ImportJob {
  importId: string;
  status: string;
  linesRead: number;
  imported: number;
  duplicates: number;
  failed: number;
  failures: { line: number; field?: string; reason: string }[];
}

const POLL_MS = 1000;

/**
 * Uploads an NDJSON file of users to the lifecycle service of the tenant's region (streamed from
 * disk) and prints the job's progress to stderr until it is done, by polling the job as any other
 * client could. The finished job goes to stdout; the exit code is 0 only for status done.
 */
export async function importUsers(args: ParsedArgs, lifecycleUrl: string, token: string): Promise<number> {
  const tenantId = args.options.tenant;
  const file = args.options.file;
  if (!tenantId || !file) throw new CliError(`usage: idaas ${USERS_IMPORT_USAGE}`);
  const size = (await stat(file)).size;
  const url = new URL(`${lifecycleUrl}/admin/tenants/${encodeURIComponent(tenantId)}/users/import`);
  const { location, uploaded } = await upload(url, token, file);
  let job: ImportJob;
  for (;;) {
    const res = await fetch(new URL(location, url), { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new CliError(`GET ${location} answered ${res.status}`);
    job = (await res.json()) as ImportJob;
    process.stderr.write(
      `${job.status}: ${job.linesRead} lines read (${(size / 1024 / 1024).toFixed(1)} MiB file), ` +
        `${job.imported} imported, ${job.duplicates} duplicates, ${job.failed} failed\n`,
    );
    if (job.status !== 'running') break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  await uploaded;
  process.stdout.write(`${JSON.stringify(job, null, 2)}\n`);
  return job.status === 'done' ? 0 : 1;
}

/** Starts the upload; resolves with the job's Location as soon as the service answers 202. */
function upload(
  url: URL,
  token: string,
  file: string,
): Promise<{ location: string; uploaded: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const location = res.headers.location;
      if (res.statusCode !== 202 || !location) {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => reject(new CliError(`POST ${url.pathname} answered ${res.statusCode}: ${text}`)));
        return;
      }
      // The streamed progress lines are read (so the answer flows) but the job is what we report.
      const uploaded = new Promise<void>((done) => createInterface({ input: res }).on('close', done));
      resolve({ location, uploaded });
    });
    createReadStream(file).on('error', reject).pipe(req);
  });
}
