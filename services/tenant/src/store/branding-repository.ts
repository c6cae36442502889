import type { Collection, Db } from 'mongodb';
import {
  BrandingChangedV1,
  brandingSchema,
  outboxRecords,
  pushToOutbox,
  TemplateChangedV1,
  templateSubject,
  type Branding,
  type CloudEvent,
  type EventData,
  type WithOutbox,
} from '@idaas/events';
import type { MessageKind, MessageTemplate } from '@idaas/messages';
import { isDuplicateKey, type IndexDeclaration } from '@idaas/store';
import { MANAGEMENT_SOURCE } from '../domain/tenant';

/** A tenant's own template for one kind and locale, as stored and as replicated. */
export type TenantTemplate = EventData<typeof TemplateChangedV1>;

interface BrandingDocument extends WithOutbox {
  _id: string;
  tenantId: string;
  branding: Branding;
  version: number;
}

interface TemplateDocument extends TenantTemplate, WithOutbox {
  _id: string;
}

export const BRANDING = 'branding';
export const MESSAGE_TEMPLATES = 'message_templates';
export const brandingIndexes: IndexDeclaration[] = [
  { collection: MESSAGE_TEMPLATES, keys: { tenantId: 1, status: 1 } },
];

/** Someone saved in between: the caller read an older version. */
export class StaleBrandingError extends Error {}

const records = (events: CloudEvent[]) =>
  outboxRecords(events.map((event) => ({ event, stream: 'config' as const })));
const origin = (tenantId: string) => ({ source: MANAGEMENT_SOURCE, tenantId });

/**
 * A tenant's branding (defaults until first saved) and its own message templates. Each write
 * carries its event in the same document write; versions only grow, also across a template's
 * deletion and re-creation, so regions always keep the latest.
 */
export class BrandingRepository {
  private readonly branding: Collection<BrandingDocument>;
  private readonly templates: Collection<TemplateDocument>;

  constructor(db: Db) {
    this.branding = db.collection<BrandingDocument>(BRANDING);
    this.templates = db.collection<TemplateDocument>(MESSAGE_TEMPLATES);
  }

  async brandingOf(tenantId: string): Promise<{ branding: Branding; version: number }> {
    const doc = await this.branding.findOne({ _id: tenantId, tenantId });
    return doc
      ? { branding: doc.branding, version: doc.version }
      : { branding: brandingSchema.parse({}), version: 0 };
  }

  /** Saves over the version that was read; a concurrent save makes this one stale. */
  async saveBranding(tenantId: string, readVersion: number, branding: Branding): Promise<number> {
    const version = readVersion + 1;
    const events = [BrandingChangedV1.create(tenantId, { tenantId, branding, version }, origin(tenantId))];
    if (readVersion === 0) {
      try {
        await this.branding.insertOne({
          _id: tenantId,
          tenantId,
          branding,
          version,
          outbox: records(events),
        });
        return version;
      } catch (e) {
        if (isDuplicateKey(e)) throw new StaleBrandingError(tenantId);
        throw e;
      }
    }
    const r = await this.branding.updateOne(
      { _id: tenantId, tenantId, version: readVersion },
      { $set: { branding, version }, ...pushToOutbox(records(events)) },
    );
    if (r.matchedCount !== 1) throw new StaleBrandingError(tenantId);
    return version;
  }

  async templateOf(tenantId: string, kind: MessageKind, locale: string): Promise<TenantTemplate | undefined> {
    const doc = await this.templates.findOne(
      { _id: templateSubject({ tenantId, kind, locale }), tenantId, status: 'active' },
      { projection: { outbox: 0 } },
    );
    if (!doc) return undefined;
    const { _id: _ignored, ...template } = doc;
    return template;
  }

  async templatesOf(tenantId: string): Promise<TenantTemplate[]> {
    const docs = await this.templates
      .find({ tenantId, status: 'active' }, { projection: { outbox: 0 } })
      .sort({ kind: 1, locale: 1 })
      .toArray();
    return docs.map(({ _id: _ignored, ...t }) => t);
  }

  /** Creates or replaces the tenant's template for this kind and locale. */
  async saveTemplate(
    tenantId: string,
    kind: MessageKind,
    locale: string,
    template: MessageTemplate,
  ): Promise<TenantTemplate> {
    const _id = templateSubject({ tenantId, kind, locale });
    const current = await this.templates.findOne({ _id, tenantId }, { projection: { version: 1 } });
    const saved: TenantTemplate = {
      tenantId,
      kind,
      locale,
      subject: template.subject,
      html: template.html,
      text: template.text,
      status: 'active',
      version: (current?.version ?? 0) + 1,
    };
    await this.write(_id, current?.version, saved);
    return saved;
  }

  /** False when the tenant has no template of this kind and locale. */
  async deleteTemplate(tenantId: string, kind: MessageKind, locale: string): Promise<boolean> {
    const current = await this.templateOf(tenantId, kind, locale);
    if (!current) return false;
    await this.write(templateSubject(current), current.version, {
      ...current,
      status: 'deleted',
      version: current.version + 1,
    });
    return true;
  }

  private async write(_id: string, readVersion: number | undefined, next: TenantTemplate): Promise<void> {
    const events = [TemplateChangedV1.create(_id, next, origin(next.tenantId))];
    if (readVersion === undefined) {
      try {
        await this.templates.insertOne({ _id, ...next, outbox: records(events) });
        return;
      } catch (e) {
        if (isDuplicateKey(e)) throw new StaleBrandingError(_id);
        throw e;
      }
    }
    const { tenantId, ...fields } = next;
    const r = await this.templates.updateOne(
      { _id, tenantId, version: readVersion },
      { $set: fields, ...pushToOutbox(records(events)) },
    );
    if (r.matchedCount !== 1) throw new StaleBrandingError(_id);
  }
}
