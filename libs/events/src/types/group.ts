import { z } from 'zod';
import { defineEvent } from '../catalog';

/**
 * A tenant's user group (SCIM Groups of the lifecycle service) as a whole versioned snapshot:
 * consumers keep the highest version, so redelivery and reordering cannot resurrect old members.
 * The key manager resolves role grants by these group ids (`AccessReplica.grantsFor(..., {groupIds})`).
 * It travels on the region's user topic: memberships are about users and stay in their region.
 */
export const GroupChangedV1 = defineEvent({
  type: 'idaas.group.changed.v1',
  stream: 'user',
  description: "A user group was created, renamed, deleted or its members changed (the group's whole state).",
  data: z.object({
    groupId: z.string().min(1),
    displayName: z.string(),
    memberIds: z.array(z.string().min(1)),
    status: z.enum(['active', 'deleted']),
    version: z.number().int().min(1),
  }),
});
