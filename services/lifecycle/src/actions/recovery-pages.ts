import type { Request, Response } from 'express';
import { z } from 'zod';
import { defineRoute, HttpError, type AnyRoute } from '@idaas/http';
import { html, page, pageLook, sendPage, type PageLook, type SafeHtml } from '@idaas/pages';
import type { TenantView } from '@idaas/replica';
import type { LifecycleDeps } from '../deps';
import { recoveryStrings, type RecoveryKey } from '../recovery/recovery-strings';
import { proofOf, recoveryProblem } from './recovery-api';
import { homeTenantBySlug, tenantSlugParams } from './tenant-page-step';

/*
 * The hosted recovery pages. No CSRF token: the email form only asks for an email to the
 * account's own address (rate-limited), and the password form is authorized by the link token it
 * carries, which another site cannot know.
 */

type Look = PageLook<RecoveryKey>;

const lookFor = (deps: LifecycleDeps, tenant: TenantView | undefined, req: Request): Look =>
  pageLook(
    tenant,
    tenant ? deps.branding.brandingOf(tenant.tenantId) : undefined,
    { acceptLanguage: req.get('accept-language') },
    recoveryStrings,
  );

const message = (look: Look, text: string, error = false): SafeHtml =>
  page(
    look,
    look.t('recovery.title'),
    html`<h1>${look.t('recovery.title')}</h1>
    <p${error ? html` class="error" role="alert"` : ''}>${text}</p>`,
  );

function emailForm(look: Look, action: string, notice?: string): SafeHtml {
  return page(
    look,
    look.t('recovery.title'),
    html`<h1>${look.t('recovery.title')}</h1>
      <p>${look.t('recovery.explain')}</p>
      ${notice ? html`<p class="error" role="alert">${notice}</p>` : ''}
      <form method="post" action="${action}">
        <label for="email">${look.t('recovery.email')}</label>
        <input id="email" name="email" type="email" autocomplete="email" required />
        <button type="submit">${look.t('recovery.submit')}</button>
      </form>`,
  );
}

function passwordForm(
  look: Look,
  action: string,
  token: string,
  minLength: number,
  error?: string,
): SafeHtml {
  return page(
    look,
    look.t('recovery.choose'),
    html`<h1>${look.t('recovery.choose')}</h1>
      ${error ? html`<p class="error" role="alert">${look.t('recovery.errors')} ${error}</p>` : ''}
      <form method="post" action="${action}">
        <input type="hidden" name="token" value="${token}" />
        <label for="password">${look.t('recovery.password')}</label>
        <p class="hint">${look.t('recovery.password_hint', { min: String(minLength) })}</p>
        <input id="password" name="password" type="password" autocomplete="new-password" required />
        <button type="submit">${look.t('recovery.set')}</button>
      </form>`,
  );
}

const html200 = { description: 'The page', contentType: 'text/html' };
const responses = {
  200: html200,
  400: { description: 'The form again, with what was wrong', contentType: 'text/html' },
  404: { description: 'No such tenant in this region', contentType: 'text/html' },
  429: { description: 'Too many emails for this address', contentType: 'text/html' },
};

const emailBody = z.object({ email: z.string().max(254).optional() });
const passwordBody = z.object({
  token: z.string().max(200).optional(),
  password: z.string().max(1024).optional(),
});

export const recoveryPageRoutes = (deps: LifecycleDeps): AnyRoute[] => {
  /** Runs a page, answering a problem as a page in the tenant's look. */
  const asPage = async (req: Request, res: Response, slug: string, run: (t: TenantView) => Promise<void>) => {
    try {
      await run(homeTenantBySlug(deps, slug));
    } catch (e) {
      if (!(e instanceof HttpError) || e.status >= 500) throw e;
      sendPage(res, e.status, message(lookFor(deps, deps.tenants.findBySlug(slug), req), e.detail, true));
    }
    return undefined;
  };
  const action = (tenant: TenantView, path: string) => `/t/${tenant.slug}/recovery${path}`;
  const minLength = (tenant: TenantView) =>
    deps.policies.effectiveFor(tenant.tenantId, '').policy.password.minLength;
  return [
    defineRoute({
      method: 'get',
      path: '/t/:tenant/recovery',
      operationId: 'showRecoveryPage',
      summary: 'Forgot password: the email form',
      tags: ['hosted pages'],
      params: tenantSlugParams,
      responses,
      handler: ({ params, req, res }) =>
        asPage(req, res, params.tenant, async (tenant) =>
          sendPage(res, 200, emailForm(lookFor(deps, tenant, req), action(tenant, ''))),
        ),
    }),
    defineRoute({
      method: 'post',
      path: '/t/:tenant/recovery',
      operationId: 'submitRecoveryPage',
      summary: 'Forgot password: send the email (the same page whether or not the account exists)',
      tags: ['hosted pages'],
      params: tenantSlugParams,
      body: emailBody,
      bodyTypes: ['form'],
      responses,
      handler: ({ params, body, req, res }) =>
        asPage(req, res, params.tenant, async (tenant) => {
          const look = lookFor(deps, tenant, req);
          const email = z
            .string()
            .trim()
            .email()
            .safeParse(body.email ?? '');
          if (!email.success)
            return sendPage(res, 400, emailForm(look, action(tenant, ''), look.t('recovery.errors')));
          const permit = await deps.recovery.request(tenant, email.data);
          if (!permit.allowed) {
            res.set('Retry-After', String(permit.retryAfterSeconds));
            return sendPage(res, 429, message(look, look.t('recovery.too_soon'), true));
          }
          sendPage(res, 200, message(look, look.t('recovery.sent')));
        }),
    }),
    defineRoute({
      method: 'get',
      path: '/t/:tenant/recovery/complete',
      operationId: 'showRecoveryPasswordPage',
      summary: 'The link in the recovery email: choose a new password',
      tags: ['hosted pages'],
      params: tenantSlugParams,
      query: z.object({ token: z.string().min(1).max(200) }),
      responses,
      handler: ({ params, query, req, res }) =>
        asPage(req, res, params.tenant, async (tenant) => {
          const look = lookFor(deps, tenant, req);
          if (!(await deps.recovery.linkIsValid(tenant, query.token)))
            return sendPage(res, 400, message(look, look.t('recovery.failed'), true));
          sendPage(res, 200, passwordForm(look, action(tenant, '/complete'), query.token, minLength(tenant)));
        }),
    }),
    defineRoute({
      method: 'post',
      path: '/t/:tenant/recovery/complete',
      operationId: 'submitRecoveryPasswordPage',
      summary: 'Set the new password; every session and refresh token of the user ends',
      tags: ['hosted pages'],
      params: tenantSlugParams,
      body: passwordBody,
      bodyTypes: ['form'],
      responses,
      handler: ({ params, body, req, res }) =>
        asPage(req, res, params.tenant, async (tenant) => {
          const look = lookFor(deps, tenant, req);
          const token = body.token ?? '';
          try {
            const rules = deps.policies.effectiveFor(tenant.tenantId, '').policy.password;
            await deps.recovery.complete(tenant, proofOf({ token }, ''), body.password ?? '', rules);
          } catch (e) {
            const problem = recoveryProblem(e, '');
            if (!(problem instanceof HttpError) || problem.status !== 400) throw problem;
            const wrongProof = problem.options.errors?.some((f) => f.field !== 'password') ?? true;
            if (wrongProof) return sendPage(res, 400, message(look, look.t('recovery.failed'), true));
            return sendPage(
              res,
              400,
              passwordForm(look, action(tenant, '/complete'), token, minLength(tenant), problem.detail),
            );
          }
          sendPage(res, 200, message(look, look.t('recovery.done')));
        }),
    }),
  ];
};
