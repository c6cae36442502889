import { z } from 'zod';
import { defineEvent } from '../catalog';
import { policyOverridesSchema } from './policy';

/**
 * The most specific level of the policy: overrides set on one application, which win over its
 * groups' and the tenant's. Its own event (not part of the application's snapshot) so that
 * changing a client's redirect URIs and changing its MFA stay separate, separately permitted
 * writes. Whole snapshot with its version, keyed by application id (compacted topic).
 */
export const ApplicationPolicyChangedV1 = defineEvent({
  type: 'idaas.applicationpolicy.changed.v1',
  stream: 'config',
  description:
    "An application's own policy overrides changed (they win over its application groups' and the tenant's). Empty overrides mean none.",
  data: z.object({
    tenantId: z.string(),
    applicationId: z.string(),
    overrides: policyOverridesSchema,
    version: z.number().int().positive(),
  }),
});
