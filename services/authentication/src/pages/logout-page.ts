import { html, page, type SafeHtml } from '@idaas/pages';
import type { PageLook } from './messages';

export interface LogoutPageModel {
  action: string;
  csrfToken: string;
  /** Carried through the confirmation and checked again on submit. */
  hidden: Record<string, string | undefined>;
}

export function logoutConfirmPage(look: PageLook, m: LogoutPageModel): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('logout.title'),
    html`<h1>${t('logout.heading', { product: look.productName })}</h1>
      <form method="post" action="${m.action}">
        <input type="hidden" name="csrf_token" value="${m.csrfToken}" />
        ${Object.entries(m.hidden).map(([name, value]) =>
          value === undefined ? '' : html`<input type="hidden" name="${name}" value="${value}" />`,
        )}
        <button type="submit">${t('logout.confirm')}</button>
      </form>`,
  );
}

export function signedOutPage(look: PageLook): SafeHtml {
  const { t } = look;
  return page(look, t('logout.title'), html`<h1 role="status">${t('logout.done')}</h1>`);
}
