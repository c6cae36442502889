import type { Request, Response } from 'express';
import { z } from 'zod';
import { defineRoute, Problems, type AnyRoute } from '@idaas/http';
import type { Permission, PasswordHasher } from '@idaas/identity';
import type { LifecycleDeps } from '../deps';
import type { ImportJob, ImportJobs } from '../import/import-job';
import { runImport, type ImportRun } from '../import/import-run';
import { uploadLines } from '../import/upload-lines';

/** What the import routes need besides the service's deps. */
export interface UserImportDeps {
  jobs: ImportJobs;
  users: ImportRun['users'];
  hasher: Pick<PasswordHasher, 'hash'>;
}

const NDJSON = 'application/x-ndjson';
const BASE = '/admin/tenants/:tenantId/users';
const tenantParams = z.object({ tenantId: z.string().min(1).max(100) });
const jobParams = tenantParams.extend({ importId: z.string().uuid() });

const failure = z.object({ line: z.number().int(), field: z.string().optional(), reason: z.string() });
const importJob = z.object({
  importId: z.string(),
  tenantId: z.string(),
  status: z.enum(['running', 'done', 'aborted', 'failed']),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
  linesRead: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  failed: z.number().int(),
  failures: z.array(failure),
});

const denied = {
  401: { description: 'No valid token' },
  403: { description: 'Missing permission' },
  404: { description: 'No such tenant in this region, or no such import' },
};

/**
 * Pipeline step: the caller holds `permission` for the tenant in the path, and the tenant lives
 * in this region. Another tenant's token gets the same 404 as an unknown tenant.
 */
async function importTenant(deps: LifecycleDeps, req: Request, tenantId: string, permission: Permission) {
  await deps.authorize(req, { permission, tenantId });
  const tenant = deps.tenants.findById(tenantId);
  if (!tenant || tenant.status !== 'active' || tenant.homeRegion !== deps.region)
    throw Problems.notFound('No such tenant in this region.');
}

/** Pipeline step: the body is NDJSON. It is read as a stream, so no body parser sees it. */
function assertNdjson(req: Request): void {
  if (!req.is(NDJSON)) throw Problems.unsupportedMediaType(`Send the users as ${NDJSON}, one per line.`);
}

const locationOf = (job: ImportJob) => `/admin/tenants/${job.tenantId}/users/imports/${job.importId}`;

/** One progress line of the streamed answer: the job as GET shows it. */
const progressLine = (res: Response, job: ImportJob) => {
  if (!res.writableEnded) res.write(`${JSON.stringify(job)}\n`);
};

export const userImportRoutes = (deps: LifecycleDeps, imports: UserImportDeps): AnyRoute[] => [
  defineRoute({
    method: 'post',
    path: `${BASE}/import`,
    operationId: 'importUsers',
    summary:
      'Bulk import users from an NDJSON body (application/x-ndjson, one user a line: email, givenName, ' +
      'familyName, name, locale, password or passwordHash (argon2id PHC), state active|pending_invite, ' +
      'emailVerified). Answers 202 at once and streams the job as NDJSON lines: one when it starts, ' +
      'one per batch of 1000, the last with status done, aborted or failed. Poll the Location from anywhere.',
    tags: ['users'],
    security: ['users:write'],
    params: tenantParams,
    responses: {
      202: {
        description: 'The import job, then its progress, as NDJSON lines',
        schema: importJob,
        contentType: NDJSON,
      },
      ...denied,
      415: { description: 'The body is not application/x-ndjson' },
    },
    handler: async ({ params, req, res }) => {
      await importTenant(deps, req, params.tenantId, 'users:write');
      assertNdjson(req);
      const job = await imports.jobs.start(params.tenantId, deps.clock());
      // From here on the answer is a stream: what goes wrong is told in the job, not by a status.
      res.writeHead(202, { 'content-type': `${NDJSON}; charset=utf-8`, location: locationOf(job) });
      progressLine(res, job);
      let last = job;
      const run: ImportRun = {
        tenantId: params.tenantId,
        lines: uploadLines(req),
        jobs: imports.jobs,
        users: imports.users,
        hasher: imports.hasher,
        clock: deps.clock,
        onProgress: (progress) => {
          last = progress;
          progressLine(res, progress);
        },
      };
      // When even the job record cannot be written (the store is gone), the uploader still learns it.
      await runImport(run, job).catch(() => progressLine(res, { ...last, status: 'failed' }));
      res.end();
      return undefined;
    },
  }),
  defineRoute({
    method: 'get',
    path: `${BASE}/imports/:importId`,
    operationId: 'getUserImport',
    summary: 'The progress of an import: lines read, imported, duplicates, failed lines by number and reason',
    tags: ['users'],
    security: ['users:read'],
    params: jobParams,
    responses: { 200: { description: 'The import job', schema: importJob }, ...denied },
    handler: async ({ params, req }) => {
      await importTenant(deps, req, params.tenantId, 'users:read');
      const job = await imports.jobs.find(params.tenantId, params.importId);
      if (!job) throw Problems.notFound('No such import.');
      return { status: 200, body: job };
    },
  }),
];
