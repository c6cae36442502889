import { html, page, type SafeHtml } from '@idaas/pages';
import type { PageLook } from './messages';

/**
 * OAuth 2.0 Form Post Response Mode: the parameters as hidden fields of a form that posts to
 * the client. Without JavaScript (our pages have none) the user presses Continue; the
 * `autofocus` on the button lets Enter do it at once.
 * https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html
 */
export function formPostPage(look: PageLook, action: string, fields: Record<string, string>): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('formpost.continue'),
    html`<form method="post" action="${action}">
      ${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
      <p>${t('formpost.explain')}</p>
      <button type="submit" autofocus>${t('formpost.continue')}</button>
    </form>`,
  );
}
