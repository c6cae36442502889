import { html, page, type SafeHtml } from '@idaas/pages';
import type { PageLook } from './messages';

export interface NewPasswordPageModel {
  action: string;
  csrfToken: string;
  /** The tenant policy's `password.minLength`, told before the user types and enforced after. */
  minLength: number;
  /** What is wrong with the last try, already in the page's language. */
  error?: string;
}

/** The step a forced reset adds to a sign-in: a new password, twice, under the tenant's policy. */
export function newPasswordPage(look: PageLook, m: NewPasswordPageModel): SafeHtml {
  const { t } = look;
  const invalid = m.error ? html` aria-invalid="true" aria-describedby="reset-error"` : '';
  return page(
    look,
    t('reset.title'),
    html`<h1>${t('reset.heading')}</h1>
      <form method="post" action="${m.action}" novalidate>
        <input type="hidden" name="csrf_token" value="${m.csrfToken}" />
        ${m.error ? html`<p id="reset-error" class="error" role="alert">${m.error}</p>` : ''}
        <label for="password">${t('reset.password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="new-password"
          minlength="${String(m.minLength)}"
          required
          autofocus${invalid}
        />
        <label for="password_confirm">${t('reset.confirm')}</label>
        <input
          id="password_confirm"
          name="password_confirm"
          type="password"
          autocomplete="new-password"
          required${invalid}
        />
        <button type="submit">${t('reset.submit')}</button>
      </form>`,
  );
}
