import type { Request, Response } from 'express';
import { z } from 'zod';
import { defineRoute, HttpError, type AnyRoute } from '@idaas/http';
import { sendPage } from '@idaas/pages';
import type { TenantView } from '@idaas/replica';
import { tenantUrl, type RegistrationDeps } from '../deps';
import { asPage, assertCsrf, csrfToken, lookFor, rememberLoginFlow, takeLoginFlow } from '../hosted/page-kit';
import type { MessageKey } from '../pages/messages';
import { checkEmailPage, resultPage, signUpPage, type SignUpPageModel } from '../pages/registration-pages';
import type { Verified } from '../store/verification-store';
import { signUp, signUpBody } from './signup';
import { homeTenant, tenantParams } from './tenant-step';
import { complete, resendVerification, verifyByCode } from './verify';

/** Form fields arrive as strings or not at all; the rules are checked by the handlers, per field. */
const text = (max: number) => z.string().max(max).optional();
const signUpForm = z.object({
  csrf_token: text(200),
  email: text(254),
  password: text(1024),
  name: text(200),
  flow: text(64),
});
const codeForm = z.object({ csrf_token: text(200), email: text(254), code: text(20), flow: text(64) });
const resendForm = z.object({ csrf_token: text(200), email: text(254), flow: text(64) });
const flowQuery = z.object({ flow: text(64) });

/** A login flow id passes on only when it looks like one; anything else is dropped, not echoed. */
const flowId = (value: string | undefined) =>
  value && z.string().uuid().safeParse(value).success ? value : undefined;

const pageResponses = (ok: string) => ({
  200: { description: ok, contentType: 'text/html' },
  400: { description: 'The page again, with what was wrong at its field', contentType: 'text/html' },
  403: {
    description: 'Error page: the CSRF token is missing or wrong, or sign-up is closed',
    contentType: 'text/html',
  },
  404: { description: 'Error page: no such tenant in this region', contentType: 'text/html' },
});

function showSignUp(
  deps: RegistrationDeps,
  tenant: TenantView,
  req: Request,
  res: Response,
  status: number,
  form: Pick<SignUpPageModel, 'values' | 'errors' | 'flow'>,
): void {
  const policy = deps.policies.effectiveFor(tenant.tenantId, '').policy;
  const look = lookFor(deps, tenant, req);
  if (!policy.signUp.enabled) {
    sendPage(res, 403, resultPage(look, 'signup.title', 'signup.disabled', false));
    return;
  }
  sendPage(
    res,
    status,
    signUpPage(look, {
      action: `${tenantUrl(deps, tenant)}/signup`,
      csrfToken: csrfToken(deps, tenant, req, res),
      minPasswordLength: policy.password.minLength,
      ...form,
    }),
  );
}

function showCheckEmail(
  deps: RegistrationDeps,
  tenant: TenantView,
  req: Request,
  res: Response,
  status: number,
  m: { email: string; flow: string | undefined; error?: MessageKey; notice?: MessageKey },
): void {
  const base = tenantUrl(deps, tenant);
  sendPage(
    res,
    status,
    checkEmailPage(lookFor(deps, tenant, req), {
      verifyAction: `${base}/verify`,
      resendAction: `${base}/verification/resend`,
      csrfToken: csrfToken(deps, tenant, req, res),
      email: m.email,
      ...(m.flow ? { flow: m.flow } : {}),
      ...(m.error ? { error: m.error } : {}),
      ...(m.notice ? { notice: m.notice } : {}),
    }),
  );
}

/** What the browser sees once the address is verified. */
async function verifiedPage(
  deps: RegistrationDeps,
  tenant: TenantView,
  req: Request,
  res: Response,
  verified: Verified,
): Promise<void> {
  // Signed up from a login page, and verified in the same browser: on to the application.
  const remembered = takeLoginFlow(deps, tenant, req, res);
  if (verified.loginFlowId && remembered === verified.loginFlowId) {
    const ticket = await deps.signInTickets.issue(
      { tenantId: tenant.tenantId, userId: verified.userId, loginFlowId: verified.loginFlowId },
      deps.clock(),
    );
    const to = new URL(`${deps.issuerOf(tenant)}/login/continue`);
    to.searchParams.set('flow', verified.loginFlowId);
    to.searchParams.set('ticket', ticket);
    res.status(303).set('Cache-Control', 'no-store').location(to.toString()).end();
    return;
  }
  sendPage(res, 200, resultPage(lookFor(deps, tenant, req), 'verify.title', 'verify.done', true));
}

async function submitSignUp(
  deps: RegistrationDeps,
  tenant: TenantView,
  req: Request,
  res: Response,
  form: z.output<typeof signUpForm>,
): Promise<void> {
  assertCsrf(req, form.csrf_token);
  const flow = flowId(form.flow);
  const values = { email: form.email?.trim() ?? '', name: form.name?.trim() ?? '' };
  const parsed = signUpBody.safeParse({
    email: values.email,
    password: form.password ?? '',
    ...(values.name ? { name: values.name } : {}),
    ...(flow ? { flow } : {}),
  });
  const again = (errors: SignUpPageModel['errors']) =>
    showSignUp(deps, tenant, req, res, 400, { values, errors, ...(flow ? { flow } : {}) });
  if (!parsed.success) {
    const errors: SignUpPageModel['errors'] = {};
    for (const issue of parsed.error.issues) {
      const name = issue.path[0];
      if ((name === 'email' || name === 'password' || name === 'name') && !errors[name])
        errors[name] = issue.message;
    }
    again(errors);
    return;
  }
  try {
    const result = await signUp(deps, tenant, parsed.data);
    if (result.status === 'active') {
      sendPage(res, 201, resultPage(lookFor(deps, tenant, req), 'signup.title', 'invite.done', true));
      return;
    }
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    if (e.code === 'signup_disabled') return showSignUp(deps, tenant, req, res, 403, { values, errors: {} });
    if (e.options.errors) {
      const errors: SignUpPageModel['errors'] = {};
      for (const { field, message } of e.options.errors) {
        const name = field.replace(/^body\./, '');
        if (name === 'email' || name === 'password' || name === 'name') errors[name] ??= message;
      }
      return again(errors);
    }
    // Only without verification: the address has an account, which the policy lets it say.
    if (e.status === 409) return again({ email: e.detail });
    throw e;
  }
  if (flow) rememberLoginFlow(deps, tenant, res, flow);
  showCheckEmail(deps, tenant, req, res, 200, { email: parsed.data.email, flow });
}

/**
 * The hosted sign-up: the form, the "check your email" page with its code form and resend
 * button, and the verification link's page. Server-rendered, no script, every form with a CSRF token.
 */
export const signUpPageRoutes = (deps: RegistrationDeps): AnyRoute[] => {
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
      path: '/t/:tenant/signup',
      operationId: 'showSignUpPage',
      summary: 'Hosted sign-up page (from a login page, `flow` is the login flow to finish after verifying)',
      tags: ['hosted pages'],
      params: tenantParams,
      query: flowQuery,
      responses: pageResponses('The sign-up form'),
      handler: async ({ params, query, req, res }) =>
        page(req, res, params.tenant, async (tenant) => {
          const flow = flowId(query.flow);
          showSignUp(deps, tenant, req, res, 200, { values: {}, errors: {}, ...(flow ? { flow } : {}) });
        }),
    }),
    defineRoute({
      method: 'post',
      path: '/t/:tenant/signup',
      operationId: 'submitSignUpPage',
      summary: 'Submit the hosted sign-up form',
      tags: ['hosted pages'],
      params: tenantParams,
      body: signUpForm,
      bodyTypes: ['form'],
      responses: {
        ...pageResponses('Check your email (the code form)'),
        201: { description: 'Active at once (no verification)', contentType: 'text/html' },
      },
      handler: async ({ params, body, req, res }) =>
        page(req, res, params.tenant, (tenant) => submitSignUp(deps, tenant, req, res, body)),
    }),
    defineRoute({
      method: 'post',
      path: '/t/:tenant/verify',
      operationId: 'submitVerificationCode',
      summary: 'Verify with the emailed code from the "check your email" page',
      tags: ['hosted pages'],
      params: tenantParams,
      body: codeForm,
      bodyTypes: ['form'],
      responses: pageResponses('Verified'),
      handler: async ({ params, body, req, res }) =>
        page(req, res, params.tenant, async (tenant) => {
          assertCsrf(req, body.csrf_token);
          const email = body.email?.trim() ?? '';
          const flow = flowId(body.flow);
          let verified: Verified;
          try {
            if (!/^\d{6}$/.test(body.code?.trim() ?? ''))
              throw new HttpError(400, 'invalid_verification', 'bad code');
            verified = await verifyByCode(deps, tenant, email, body.code!.trim());
          } catch (e) {
            if (!(e instanceof HttpError) || e.status !== 400) throw e;
            return showCheckEmail(deps, tenant, req, res, 400, { email, flow, error: 'check.wrong' });
          }
          await verifiedPage(deps, tenant, req, res, verified);
        }),
    }),
    defineRoute({
      method: 'post',
      path: '/t/:tenant/verification/resend',
      operationId: 'resendVerificationPage',
      summary: 'Send the verification email again from the "check your email" page',
      tags: ['hosted pages'],
      params: tenantParams,
      body: resendForm,
      bodyTypes: ['form'],
      responses: {
        ...pageResponses('Sent (the same page whether the address has an account or not)'),
        429: { description: 'Too soon (Retry-After)', contentType: 'text/html' },
      },
      handler: async ({ params, body, req, res }) =>
        page(req, res, params.tenant, async (tenant) => {
          assertCsrf(req, body.csrf_token);
          const email = body.email?.trim() ?? '';
          const flow = flowId(body.flow);
          if (!z.string().email().safeParse(email).success)
            return showCheckEmail(deps, tenant, req, res, 400, { email, flow, error: 'check.wrong' });
          const permit = await resendVerification(deps, tenant, email, flow);
          if (!permit.allowed) {
            res.set('Retry-After', String(permit.retryAfterSeconds));
            return showCheckEmail(deps, tenant, req, res, 429, { email, flow, notice: 'check.too_soon' });
          }
          showCheckEmail(deps, tenant, req, res, 200, { email, flow, notice: 'check.resent' });
        }),
    }),
    defineRoute({
      method: 'get',
      path: '/t/:tenant/verify',
      operationId: 'verifyEmailLink',
      summary: 'The link in the verification email',
      tags: ['hosted pages'],
      params: tenantParams,
      query: z.object({ token: z.string().min(1).max(200) }),
      responses: {
        200: { description: 'Verified: you can sign in now', contentType: 'text/html' },
        303: {
          description: 'Verified in the browser that signed up from a login page: on to the application',
        },
        400: { description: 'Wrong, expired or used link', contentType: 'text/html' },
      },
      handler: async ({ params, query, req, res }) =>
        page(req, res, params.tenant, async (tenant) => {
          let verified: Verified;
          try {
            verified = await complete(
              deps,
              await deps.verifications.redeemToken(tenant.tenantId, query.token, deps.clock()),
            );
          } catch (e) {
            if (!(e instanceof HttpError) || e.status !== 400) throw e;
            return sendPage(
              res,
              400,
              resultPage(lookFor(deps, tenant, req), 'verify.title', 'verify.failed', false),
            );
          }
          await verifiedPage(deps, tenant, req, res, verified);
        }),
    }),
  ];
};
