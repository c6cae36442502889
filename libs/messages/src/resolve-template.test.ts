import { platformDefaultTemplate } from './platform-defaults';
import { resolveTemplate } from './resolve-template';
import type { MessageTemplate } from './template';

const t = (subject: string): MessageTemplate => ({ subject, html: '<p>{{link}}</p>', text: '{{link}}' });

function lookupOf(stored: Record<string, MessageTemplate>) {
  return (tenantId: string, kind: string, locale: string) => stored[`${tenantId}/${kind}/${locale}`];
}

describe('resolveTemplate', () => {
  const all = lookupOf({
    'T/verification/de-CH': t('de-CH'),
    'T/verification/de': t('de'),
    'T/verification/fr': t('fr'),
    'U/verification/en': t('other tenant'),
  });

  it("takes the tenant's template for the exact locale first", () => {
    expect(resolveTemplate(all, 'T', 'verification', 'de-CH', 'fr')).toMatchObject({
      template: { subject: 'de-CH' },
      locale: 'de-CH',
      source: 'tenant',
    });
  });

  it('then the language of the locale', () => {
    expect(resolveTemplate(all, 'T', 'verification', 'de-AT', 'fr')).toMatchObject({
      template: { subject: 'de' },
      locale: 'de',
    });
  });

  it("then the tenant's default locale", () => {
    expect(resolveTemplate(all, 'T', 'verification', 'it-CH', 'fr')).toMatchObject({
      template: { subject: 'fr' },
      locale: 'fr',
      source: 'tenant',
    });
  });

  it("then the platform's default, never another tenant's template", () => {
    expect(resolveTemplate(all, 'T', 'verification', 'en', 'en')).toEqual({
      template: platformDefaultTemplate('verification'),
      locale: 'en',
      source: 'platform',
    });
    expect(resolveTemplate(all, 'T', 'welcome', 'de-CH', 'fr').source).toBe('platform');
  });
});
