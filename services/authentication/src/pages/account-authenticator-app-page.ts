import { html, page, type SafeHtml } from '@idaas/pages';
import {
  authenticatorAppKeySection,
  type AppKeyForm,
  type AuthenticatorAppKey,
} from './authenticator-app-key-section';
import type { PageLook } from './messages';

/**
 * "Set up an authenticator app" from the account security overview: the same key and code form
 * as the sign-in's enrolment, and the way back to the overview without setting one up.
 */
export function authenticatorAppSetUpPage(
  look: PageLook,
  m: AppKeyForm & AuthenticatorAppKey & { overviewUrl: string },
): SafeHtml {
  const { t } = look;
  return page(
    look,
    t('security.app_setup_title'),
    html`<h1>${t('security.app_setup_title')}</h1>
      ${authenticatorAppKeySection(look, m)}
      <div class="links"><a href="${m.overviewUrl}">${t('security.back_to_overview')}</a></div>`,
  );
}
