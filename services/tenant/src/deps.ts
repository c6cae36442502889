import type { Request } from 'express';
import type { VerifiedAccessToken } from '@idaas/http';
import type { Need } from './actions/admin-guard';
import type { PolicyRepository } from './store/policy-repository';
import type { ApplicationPolicyRepository } from './store/application-policy-repository';
import type { BrandingRepository } from './store/branding-repository';
import type { AccessRepository } from './store/access-repository';
import type { PublishedKeys } from '@idaas/replica';
import type { ApplicationRepository } from './store/application-repository';
import type { TenantRepository } from './store/tenant-repository';
import type { WebhookRules } from './domain/webhook-subscription';
import type { WebhookRepository } from './store/webhook-repository';

/** What the tenant service's actions need, handed over by main.ts. */
export interface TenantServiceDeps {
  tenants: TenantRepository;
  applications: ApplicationRepository;
  policies: PolicyRepository;
  /** Policy overrides set on single applications (the most specific level). */
  applicationPolicies: ApplicationPolicyRepository;
  /** Branding and message templates. */
  branding: BrandingRepository;
  /** The tenant's own APIs and roles. */
  access: AccessRepository;
  webhooks: WebhookRepository;
  /** Where receivers may live and the key sealing signing secrets, from the settings. */
  webhookRules: WebhookRules;
  regions: readonly string[];
  /** The admin guard: verifies the caller's access token and its permission for the tenant. */
  authorize: (req: Request, need: Need) => Promise<VerifiedAccessToken>;
  keys: PublishedKeys;
  clock: () => Date;
  /** Wakes the outbox relay after a write, so config events leave at once. */
  eventsWritten: () => void;
}
