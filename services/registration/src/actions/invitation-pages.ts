import type { Request, Response } from 'express';
import { z } from 'zod';
import { defineRoute, HttpError, type AnyRoute } from '@idaas/http';
import { sendPage } from '@idaas/pages';
import type { TenantView } from '@idaas/replica';
import { tenantUrl, type RegistrationDeps } from '../deps';
import { asPage, assertCsrf, csrfToken, lookFor } from '../hosted/page-kit';
import { invitationPage, resultPage } from '../pages/registration-pages';
import { acceptInvitation } from './invitations';
import { homeTenant, tenantParams } from './tenant-step';

const acceptForm = z.object({
  csrf_token: z.string().max(200).optional(),
  token: z.string().max(200).optional(),
  password: z.string().max(1024).optional(),
});

const failed = (deps: RegistrationDeps, tenant: TenantView, req: Request, res: Response) =>
  sendPage(res, 400, resultPage(lookFor(deps, tenant, req), 'invite.title', 'invite.failed', false));

/** The page of the invitation link: the invited person chooses a password and is active. */
async function showInvitation(
  deps: RegistrationDeps,
  tenant: TenantView,
  req: Request,
  res: Response,
  token: string,
  status: number,
  error?: string,
): Promise<void> {
  const invitation = await deps.invitations.findOpen(tenant.tenantId, token, deps.clock());
  if (!invitation) return failed(deps, tenant, req, res);
  const policy = deps.policies.effectiveFor(tenant.tenantId, '').policy;
  sendPage(
    res,
    status,
    invitationPage(lookFor(deps, tenant, req), {
      action: `${tenantUrl(deps, tenant)}/invite`,
      csrfToken: csrfToken(deps, tenant, req, res),
      token,
      email: invitation.email,
      minPasswordLength: policy.password.minLength,
      ...(error ? { error } : {}),
    }),
  );
}

const responses = {
  200: { description: 'The set-password form, or: accepted, you can sign in', contentType: 'text/html' },
  400: {
    description: 'The link is wrong, expired or used, or the password breaks the policy',
    contentType: 'text/html',
  },
  403: { description: 'Error page: the CSRF token is missing or wrong', contentType: 'text/html' },
  404: { description: 'Error page: no such tenant in this region', contentType: 'text/html' },
};

export const invitationPageRoutes = (deps: RegistrationDeps): AnyRoute[] => {
  const page = (req: Request, res: Response, slug: string, handle: (tenant: TenantView) => Promise<void>) =>
    asPage(
      deps,
      req,
      res,
      () => deps.tenants.findBySlug(slug),
      () => handle(homeTenant(deps, deps.tenants.findBySlug(slug))),
    );
  return [
    defineRoute({
      method: 'get',
      path: '/t/:tenant/invite',
      operationId: 'showInvitationPage',
      summary: 'The link in the invitation email: choose a password',
      tags: ['hosted pages'],
      params: tenantParams,
      query: z.object({ token: z.string().min(1).max(200) }),
      responses,
      handler: async ({ params, query, req, res }) =>
        page(req, res, params.tenant, (tenant) => showInvitation(deps, tenant, req, res, query.token, 200)),
    }),
    defineRoute({
      method: 'post',
      path: '/t/:tenant/invite',
      operationId: 'submitInvitationPage',
      summary: 'Accept the invitation with a password',
      tags: ['hosted pages'],
      params: tenantParams,
      body: acceptForm,
      bodyTypes: ['form'],
      responses,
      handler: async ({ params, body, req, res }) =>
        page(req, res, params.tenant, async (tenant) => {
          assertCsrf(req, body.csrf_token);
          const token = body.token ?? '';
          try {
            await acceptInvitation(deps, tenant, token, body.password ?? '');
          } catch (e) {
            if (!(e instanceof HttpError) || e.status !== 400) throw e;
            const passwordRule = e.options.errors?.find((f) => f.field === 'body.password');
            if (passwordRule) return showInvitation(deps, tenant, req, res, token, 400, passwordRule.message);
            return failed(deps, tenant, req, res);
          }
          sendPage(res, 200, resultPage(lookFor(deps, tenant, req), 'invite.title', 'invite.done', true));
        }),
    }),
  ];
};
