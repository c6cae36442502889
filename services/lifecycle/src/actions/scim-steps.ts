import type { Request } from 'express';
import { z } from 'zod';
import { HttpError, ScimErrors, type RouteResult } from '@idaas/http';
import {
  DuplicateEmailError,
  IllegalTransitionError,
  UserNotFoundError,
  type Permission,
} from '@idaas/identity';
import { StaleUserError } from '@idaas/user-store';
import type { LifecycleDeps } from '../deps';
import { ScimProblem } from '../scim/scim-problem';
import { versionsIn } from '../scim/schemas';
import { DuplicateGroupNameError, StaleGroupError } from '../store/group-store';

/** Every SCIM route lives under its tenant: one base URL per tenant for provisioning clients. */
export const SCIM_BASE = '/scim/v2/tenants/:tenantId';

export const tenantParams = z.object({ tenantId: z.string().min(1).max(100) });
export const resourceParams = tenantParams.extend({ id: z.string().min(1).max(100) });

export const SCIM_JSON = 'application/scim+json';

export const scimRoute = { tags: ['scim'], errorFormat: 'scim' as const };

/** Statuses every SCIM route may answer besides its own. */
export const denied = {
  400: { description: 'Bad input (SCIM error, scimType names why)', contentType: SCIM_JSON },
  401: { description: 'No valid token', contentType: SCIM_JSON },
  403: { description: 'Missing permission', contentType: SCIM_JSON },
  404: { description: 'No such tenant in this region, or no such resource', contentType: SCIM_JSON },
};

/**
 * Pipeline step: the caller holds `permission` for the tenant in the path, and the tenant lives
 * in this region (its users are nowhere else). Another tenant's token gets the same 404 as an
 * unknown tenant.
 */
export async function scimTenant(
  deps: LifecycleDeps,
  req: Request,
  tenantId: string,
  permission: Permission,
) {
  await deps.authorize(req, { permission, tenantId });
  const tenant = deps.tenants.findById(tenantId);
  if (!tenant || tenant.status !== 'active' || tenant.homeRegion !== deps.region)
    throw ScimErrors.notFound('No such tenant in this region.');
  return tenant;
}

/**
 * Pipeline step for PUT, PATCH and DELETE: an If-Match that does not name the current version is
 * 412 (RFC 7644 section 3.14, RFC 7232 section 3.1).
 */
export function assertIfMatch(req: Request, version: number): void {
  const header = req.header('if-match');
  if (header === undefined) return;
  const versions = versionsIn(header);
  if (versions !== '*' && !versions.includes(version))
    throw ScimErrors.preconditionFailed('The resource changed since that version; read it again.');
}

export function scimResult(status: number, body: unknown, headers: Record<string, string> = {}): RouteResult {
  return { status, body, headers: { 'content-type': `${SCIM_JSON}; charset=utf-8`, ...headers } };
}

/** The domain's errors as SCIM errors; everything else is rethrown for the one renderer. */
export async function asScim<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw toScimError(e);
  }
}

function toScimError(e: unknown): unknown {
  if (e instanceof HttpError) return e;
  if (e instanceof ScimProblem)
    return new HttpError(e.status, e.scimType, e.message, { format: 'scim', expose: true });
  if (e instanceof DuplicateEmailError)
    return ScimErrors.uniqueness('The tenant already has a user with this userName.');
  if (e instanceof DuplicateGroupNameError)
    return ScimErrors.uniqueness('The tenant already has a group with this displayName.');
  if (e instanceof IllegalTransitionError)
    return new HttpError(409, 'mutability', `The user cannot change so: ${e.message}.`, { format: 'scim' });
  if (e instanceof UserNotFoundError) return ScimErrors.notFound('No such user.');
  if (e instanceof StaleUserError || e instanceof StaleGroupError)
    return ScimErrors.preconditionFailed('The resource changed concurrently; read it again.');
  return e;
}

/** A zod failure of a resource built by PATCH, named like the guard names body fields. */
export function invalidResource(error: z.ZodError): HttpError {
  const detail = error.issues.map((i) => `${i.path.join('.') || 'resource'}: ${i.message}`).join('; ');
  return ScimErrors.invalidValue(`The patched resource is not valid: ${detail}`);
}

export const patchBody = z.object({
  schemas: z
    .array(z.string())
    .refine(
      (s) => s.includes('urn:ietf:params:scim:api:messages:2.0:PatchOp'),
      'must include the PatchOp schema',
    ),
  Operations: z
    .array(
      z.object({
        op: z.string().min(1).max(20),
        path: z.string().max(500).optional(),
        value: z.unknown().optional(),
      }),
    )
    .min(1)
    .max(100),
});
