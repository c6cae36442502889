import { html, page, type SafeHtml } from '@idaas/pages';
import type { MessageKey, PageLook } from './messages';

export interface ConsentPageModel {
  action: string;
  csrfToken: string;
  clientName: string;
  scopes: string[];
}

const KNOWN_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

/** A scope as the user reads it: ours in their words, an API's own as it is named. */
export const scopeLabel = (look: PageLook, scope: string): string =>
  KNOWN_SCOPES.has(scope) ? look.t(`scope.${scope}` as MessageKey) : scope;

/** What a third-party application asks for, with allow and deny as two submit buttons of one form. */
export function consentPage(look: PageLook, m: ConsentPageModel): SafeHtml {
  const { t } = look;
  const label = (scope: string) => scopeLabel(look, scope);
  return page(
    look,
    t('consent.title'),
    html`<h1>${t('consent.heading', { client: m.clientName, product: look.productName })}</h1>
      <form method="post" action="${m.action}">
        <input type="hidden" name="csrf_token" value="${m.csrfToken}" />
        <p id="scopes-label">${t('consent.scopes')}</p>
        <ul aria-labelledby="scopes-label">
          ${m.scopes.map((s) => html`<li>${label(s)}</li>`)}
        </ul>
        <button type="submit" name="decision" value="allow">${t('consent.allow')}</button>
        <button type="submit" name="decision" value="deny" class="secondary">${t('consent.deny')}</button>
      </form>`,
  );
}
