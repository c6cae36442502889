import { html, page, type SafeHtml } from '@idaas/pages';
import { field, hidden } from './form-field';
import type { MessageKey, PageLook } from './messages';

export interface SignUpPageModel {
  action: string;
  csrfToken: string;
  flow?: string;
  values: { email?: string; name?: string };
  /** Field name to the rule it broke. */
  errors: Partial<Record<'email' | 'password' | 'name', string>>;
  minPasswordLength: number;
  signInUrl?: string;
}

/** Email, password and an optional name; every broken rule is shown at its field. */
export function signUpPage(look: PageLook, m: SignUpPageModel): SafeHtml {
  const { t } = look;
  const failed = Object.keys(m.errors).length > 0;
  const first = (['email', 'password', 'name'] as const).find((f) => m.errors[f]);
  return page(
    look,
    t('signup.title'),
    html`<h1>${t('signup.heading', { product: look.productName })}</h1>
      ${failed ? html`<p class="error" role="alert">${t('signup.errors')}</p>` : ''}
      <form method="post" action="${m.action}" novalidate>
        ${hidden({ csrf_token: m.csrfToken, flow: m.flow })}
        ${field({
          name: 'email',
          label: t('signup.email'),
          type: 'email',
          autocomplete: 'email',
          required: true,
          value: m.values.email,
          error: m.errors.email,
          autofocus: !first || first === 'email',
        })}
        ${field({
          name: 'password',
          label: t('signup.password'),
          type: 'password',
          autocomplete: 'new-password',
          required: true,
          hint: t('signup.password_hint', { min: String(m.minPasswordLength) }),
          error: m.errors.password,
          autofocus: first === 'password',
        })}
        ${field({
          name: 'name',
          label: t('signup.name'),
          type: 'text',
          autocomplete: 'name',
          value: m.values.name,
          error: m.errors.name,
          autofocus: first === 'name',
        })}
        <button type="submit">${t('signup.submit')}</button>
      </form>
      ${m.signInUrl ? html`<div class="links"><a href="${m.signInUrl}">${t('signup.signin')}</a></div>` : ''}`,
  );
}

export interface CheckEmailPageModel {
  verifyAction: string;
  resendAction: string;
  csrfToken: string;
  email: string;
  flow?: string;
  error?: MessageKey;
  notice?: MessageKey;
}

/** After sign-up: the code form, and a way to ask for the email again. */
export function checkEmailPage(look: PageLook, m: CheckEmailPageModel): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('check.title'),
    html`<h1>${t('check.heading')}</h1>
      <p>${t('check.sent')}</p>
      ${m.notice ? html`<p role="status">${t(m.notice)}</p>` : ''}
      <form method="post" action="${m.verifyAction}" novalidate>
        ${hidden({ csrf_token: m.csrfToken, email: m.email, flow: m.flow })}
        ${field({
          name: 'code',
          label: t('check.code'),
          type: 'text',
          autocomplete: 'one-time-code',
          inputmode: 'numeric',
          pattern: '[0-9]{6}',
          required: true,
          error: m.error ? t(m.error) : undefined,
          autofocus: true,
        })}
        <button type="submit">${t('check.submit')}</button>
      </form>
      <form method="post" action="${m.resendAction}">
        ${hidden({ csrf_token: m.csrfToken, email: m.email, flow: m.flow })}
        <button type="submit" class="secondary">${t('check.resend')}</button>
      </form>`,
  );
}

/** A page that only says how something went (verified, accepted, or why not). */
export function resultPage(
  look: PageLook,
  title: MessageKey,
  message: MessageKey,
  ok: boolean,
  signInUrl?: string,
): SafeHtml {
  const { t } = look;
  return page(
    look,
    t(title),
    html`<h1>${t(title)}</h1>
      <p role="${ok ? 'status' : 'alert'}">${t(message)}</p>
      ${ok && signInUrl ? html`<div class="links"><a href="${signInUrl}">${t('signup.signin')}</a></div>` : ''}`,
  );
}

export interface InvitationPageModel {
  action: string;
  csrfToken: string;
  token: string;
  email: string;
  minPasswordLength: number;
  error?: string;
}

/** The invitation link's page: choose a password. */
export function invitationPage(look: PageLook, m: InvitationPageModel): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('invite.title'),
    html`<h1>${t('invite.heading', { product: look.productName })}</h1>
      <p>${t('invite.explain', { email: m.email })}</p>
      <form method="post" action="${m.action}" novalidate>
        ${hidden({ csrf_token: m.csrfToken, token: m.token })}
        <input type="hidden" name="username" value="${m.email}" autocomplete="username" />
        ${field({
          name: 'password',
          label: t('invite.password'),
          type: 'password',
          autocomplete: 'new-password',
          required: true,
          hint: t('signup.password_hint', { min: String(m.minPasswordLength) }),
          error: m.error,
          autofocus: true,
        })}
        <button type="submit">${t('invite.submit')}</button>
      </form>`,
  );
}
