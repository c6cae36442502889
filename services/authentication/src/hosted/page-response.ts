import type { Request, Response } from 'express';
import { HttpError } from '@idaas/http';
import { FlowExpiredError } from '@idaas/identity';
import { pageLook, sendPage } from '@idaas/pages';
import type { TenantView } from '@idaas/replica';
import { errorPage } from '../pages/error-page';
import { PAGE_LOCALES, translator, type MessageKey, type PageLook } from '../pages/messages';
import type { HostedDeps } from './deps';

export { scriptHash, sendPage } from '@idaas/pages';

/** The tenant's look in the language the request asks for (or the tenant's default). */
export function lookFor(
  deps: Pick<HostedDeps, 'branding'>,
  tenant: TenantView | undefined,
  req: Request,
  uiLocales: readonly string[] = [],
): PageLook {
  return pageLook(
    tenant,
    tenant ? deps.branding.brandingOf(tenant.tenantId) : undefined,
    { acceptLanguage: req.get('accept-language'), uiLocales },
    { locales: PAGE_LOCALES, translator },
  );
}

/** An error shown on our own error page (never sent to a client): its message key and status. */
export const pageError = (status: number, message: MessageKey & `error.${string}`): HttpError =>
  new HttpError(status, message.slice('error.'.length), message, { expose: true });

const PAGE_MESSAGES = new Set<string>([
  'unknown_client',
  'invalid_redirect_uri',
  'invalid_request_uri',
  'flow_expired',
  'csrf',
  'unknown_tenant',
]);

/**
 * Runs the handler of a page of the tenant `slug` and shows what it throws on the error page
 * (in the tenant's look, whatever its status) instead of problem JSON. Unexpected errors go on to
 * the service's error handler (logged, generic 500).
 */
export async function asPage(
  deps: Pick<HostedDeps, 'branding' | 'tenants'>,
  req: Request,
  res: Response,
  slug: string,
  handle: () => Promise<void>,
): Promise<undefined> {
  try {
    await handle();
  } catch (e) {
    const known =
      e instanceof FlowExpiredError
        ? pageError(400, 'error.flow_expired')
        : e instanceof HttpError && e.status < 500
          ? e
          : undefined;
    if (!known) throw e;
    const key = (PAGE_MESSAGES.has(known.code) ? `error.${known.code}` : 'error.generic') as MessageKey;
    sendPage(
      res,
      known.status,
      errorPage(lookFor(deps, deps.tenants.findBySlug(slug), req), key, req.requestId),
    );
  }
  return undefined;
}
