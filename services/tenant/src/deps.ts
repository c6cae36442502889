import type { ApplicationRepository } from './store/application-repository';
import type { TenantRepository } from './store/tenant-repository';

/** What the tenant service's actions need, handed over by main.ts. */
export interface TenantServiceDeps {
  tenants: TenantRepository;
  applications: ApplicationRepository;
  regions: readonly string[];
  operatorToken: string;
  clock: () => Date;
  /** Wakes the outbox relay after a write, so config events leave at once. */
  eventsWritten: () => void;
}
