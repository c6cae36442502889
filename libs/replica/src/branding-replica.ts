import type { Db } from 'mongodb';
import {
  BrandingChangedV1,
  brandingSchema,
  TemplateChangedV1,
  templateSubject,
  type Branding,
  type EventData,
  type EventHandler,
} from '@idaas/events';
import { resolveTemplate, type MessageKind, type ResolvedTemplate } from '@idaas/messages';
import { VersionedReplica } from './versioned-replica';

type BrandingView = EventData<typeof BrandingChangedV1>;
type TemplateView = EventData<typeof TemplateChangedV1>;

const DEFAULT_BRANDING = brandingSchema.parse({});

/** The region's copy of tenants' branding and message templates: how pages and messages look here. */
export class BrandingReplica {
  private readonly branding: VersionedReplica<BrandingView>;
  private readonly templates: VersionedReplica<TemplateView>;

  constructor(db: Db) {
    this.branding = new VersionedReplica<BrandingView>(db, 'replica_branding', (b) => b.tenantId);
    this.templates = new VersionedReplica<TemplateView>(db, 'replica_message_templates', templateSubject);
  }

  async load(): Promise<number> {
    return (await this.branding.load()) + (await this.templates.load());
  }

  /** A tenant that never saved its branding looks like the platform's defaults. */
  brandingOf(tenantId: string): Branding {
    return this.branding.get(tenantId)?.branding ?? DEFAULT_BRANDING;
  }

  /** The template to send for this locale, with the tenant's and the platform's fallbacks. */
  templateFor(tenantId: string, kind: MessageKind, locale: string): ResolvedTemplate {
    return resolveTemplate(
      (tenant, k, l) => {
        const t = this.templates.get(templateSubject({ tenantId: tenant, kind: k, locale: l }));
        return t?.status === 'active' ? t : undefined;
      },
      tenantId,
      kind,
      locale,
      this.brandingOf(tenantId).defaultLocale,
    );
  }

  handlers(): Record<string, EventHandler> {
    return {
      [BrandingChangedV1.type]: async ({ event }) => this.branding.apply(event.data as BrandingView),
      [TemplateChangedV1.type]: async ({ event }) => this.templates.apply(event.data as TemplateView),
    };
  }
}
