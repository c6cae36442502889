import { html, page, type SafeHtml } from '@idaas/pages';
import type { MessageKey, PageLook } from './messages';

/** For errors that must not go back to a client: nothing about the request is echoed. */
export function errorPage(look: PageLook, message: MessageKey, requestId: string): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('error.title'),
    html`<h1>${t('error.title')}</h1>
      <p role="alert">${t(message)}</p>
      <p><small>${requestId}</small></p>`,
  );
}
