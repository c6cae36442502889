import type { Branding } from '@idaas/events';
import type { User } from '@idaas/identity';
import { renderMessage, type MessageKind, type MessageValues, type ResolvedTemplate } from '@idaas/messages';

/** What composing needs to know about the tenant, from the region's replicas. */
export interface TenantLook {
  displayName: string;
  branding: Branding;
  templateFor(kind: MessageKind, locale: string): ResolvedTemplate;
}

export interface ComposedEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The template's locale and origin, kept on the record for support questions. */
  locale: string;
  source: ResolvedTemplate['source'];
}

/**
 * The email one user gets: the tenant's template in the user's locale (with the fallbacks of
 * `resolveTemplate`), filled with the user's, the tenant's and the event's values. Rendering
 * escapes every value in the HTML part.
 */
export function composeEmail(
  kind: MessageKind,
  user: User,
  tenant: TenantLook,
  eventValues: MessageValues,
): ComposedEmail {
  const locale = user.profile.locale ?? tenant.branding.defaultLocale;
  const resolved = tenant.templateFor(kind, locale);
  const values: MessageValues = {
    'user.name': user.profile.name ?? user.profile.givenName ?? user.email,
    'user.email': user.email,
    'tenant.name': tenant.branding.productName ?? tenant.displayName,
    'tenant.supportEmail': tenant.branding.supportEmail ?? '',
    ...eventValues,
  };
  const rendered = renderMessage(resolved.template, values);
  return { to: user.email, ...rendered, locale: resolved.locale, source: resolved.source };
}
