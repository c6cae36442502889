import { html, page, type SafeHtml } from '@idaas/pages';
import type { MessageKey, PageLook } from './messages';

export interface LoginPageModel {
  action: string;
  csrfToken: string;
  email?: string;
  error?: MessageKey;
  signUpUrl: string;
  recoveryUrl: string;
  /** Sign in with a passkey instead, where the policy allows WebAuthn. */
  passkeyUrl?: string;
}

/** Email and password; the error, when there is one, is announced and tied to the fields it concerns. */
export function loginPage(look: PageLook, m: LoginPageModel): SafeHtml {
  const { t } = look;
  const described = m.error ? 'login-error' : undefined;
  return page(
    look,
    t('login.title'),
    html`<h1>${t('login.heading', { product: look.productName })}</h1>
      <form method="post" action="${m.action}" novalidate>
        <input type="hidden" name="csrf_token" value="${m.csrfToken}" />
        ${m.error ? html`<p id="login-error" class="error" role="alert">${t(m.error)}</p>` : ''}
        <label for="email">${t('login.email')}</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="username"
          required
          value="${m.email ?? ''}"
          ${
            described ? html` aria-invalid="true" aria-describedby="${described}"` : ''
          }${m.email ? '' : html` autofocus`}
        />
        <label for="password">${t('login.password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required${
            described ? html` aria-invalid="true" aria-describedby="${described}"` : ''
          }${m.email ? html` autofocus` : ''}
        />
        <button type="submit">${t('login.submit')}</button>
      </form>
      ${m.passkeyUrl ? html`<p><a id="passkey-signin" href="${m.passkeyUrl}">${t('passkey.offer_signin')}</a></p>` : ''}
      <div class="links">
        <a href="${m.signUpUrl}">${t('login.signup')}</a><a href="${m.recoveryUrl}">${t('login.recovery')}</a>
      </div>`,
  );
}
