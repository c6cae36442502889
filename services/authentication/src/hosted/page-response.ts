import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { HttpError } from '@idaas/http';
import { FlowExpiredError } from '@idaas/identity';
import type { TenantView } from '@idaas/replica';
import { errorPage } from '../pages/error-page';
import type { SafeHtml } from '../pages/html';
import { PAGE_SECURITY_POLICY, type PageLook } from '../pages/layout';
import { PAGE_LOCALES, pickLocale, translator, type MessageKey } from '../pages/messages';
import type { HostedDeps } from './deps';

/** The tenant's look in the language the request asks for (or the tenant's default). */
export function lookFor(
  deps: Pick<HostedDeps, 'branding'>,
  tenant: TenantView | undefined,
  req: Request,
  uiLocales: readonly string[] = [],
): PageLook {
  // A suspended or deleted tenant's pages show nothing of it.
  const live = tenant?.status === 'active' ? tenant : undefined;
  const branding = live ? deps.branding.brandingOf(live.tenantId) : undefined;
  const supported = (branding?.supportedLocales ?? ['en']).filter((l) =>
    PAGE_LOCALES.includes(l.split('-')[0]?.toLowerCase() ?? ''),
  );
  const fallback = branding?.defaultLocale ?? 'en';
  const locale = pickLocale(
    uiLocales,
    req.get('accept-language'),
    supported.length ? supported : ['en'],
    fallback,
  );
  return {
    productName: branding?.productName ?? live?.displayName ?? 'Sign in',
    logoUrl: branding?.logoUrl ?? null,
    faviconUrl: branding?.faviconUrl ?? null,
    colors: branding?.colors ?? { primary: '#1a73e8', background: '#ffffff', text: '#202124' },
    locale,
    t: translator(locale),
  };
}

/** Sends a hosted page: never cached, never framed, no script unless its hash is allowed. */
export function sendPage(res: Response, status: number, body: SafeHtml, scriptHashes: string[] = []): void {
  const scripts = scriptHashes.length ? `; script-src ${scriptHashes.map((h) => `'${h}'`).join(' ')}` : '';
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': PAGE_SECURITY_POLICY + scripts,
    })
    .send(body.value);
}

export const scriptHash = (script: string): string =>
  `sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}`;

/** An error shown on our own error page (never sent to a client): its message key and status. */
export const pageError = (status: number, message: MessageKey & `error.${string}`): HttpError =>
  new HttpError(status, message.slice('error.'.length), message, { expose: true });

const PAGE_MESSAGES = new Set<string>([
  'unknown_client',
  'invalid_redirect_uri',
  'flow_expired',
  'csrf',
  'unknown_tenant',
]);

/**
 * Runs a page handler and shows what it throws on the error page instead of problem JSON.
 * Unexpected errors go on to the service's error handler (logged, generic 500).
 */
export async function asPage(
  deps: Pick<HostedDeps, 'branding'>,
  req: Request,
  res: Response,
  tenant: () => TenantView | undefined,
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
    sendPage(res, known.status, errorPage(lookFor(deps, tenant(), req), key, req.requestId));
  }
  return undefined;
}
