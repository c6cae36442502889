import type { Collection, Db } from 'mongodb';
import {
  ApiResourceChangedV1,
  outboxRecords,
  pushToOutbox,
  RoleChangedV1,
  type CloudEvent,
  type WithOutbox,
} from '@idaas/events';
import { forTenant, isDuplicateKey, type IndexDeclaration } from '@idaas/store';
import type { ApiResource, Role } from '../domain/access';
import { MANAGEMENT_SOURCE } from '../domain/tenant';

/**
 * Names and audiences are unique among a tenant's active entries only. Each active document
 * carries claim fields (`<tenantId>/<value>`) behind sparse unique indexes; a deleted one drops
 * them, so its name is free again while its tombstone still carries the deleted snapshot.
 */
type Claims = Partial<Record<'nameClaim' | 'audienceClaim', string>>;

type ApiResourceDocument = ApiResource & WithOutbox & Claims & { _id: string };
type RoleDocument = Role & WithOutbox & Claims & { _id: string };

export const API_RESOURCES = 'api_resources';
export const ROLES = 'roles';
const claimIndex = (collection: string, field: keyof Claims): IndexDeclaration => ({
  collection,
  keys: { [field]: 1 },
  options: { unique: true, sparse: true },
});
export const accessIndexes: IndexDeclaration[] = [
  { collection: API_RESOURCES, keys: { tenantId: 1, status: 1 } },
  claimIndex(API_RESOURCES, 'nameClaim'),
  claimIndex(API_RESOURCES, 'audienceClaim'),
  { collection: ROLES, keys: { tenantId: 1, status: 1 } },
  claimIndex(ROLES, 'nameClaim'),
];

/** Someone else saved since this was read; the caller answers 409 and the admin reads again. */
export class StaleAccessError extends Error {}
/** A concurrent write took the name or audience between the check and the write. */
export class AccessClaimTakenError extends Error {}

/** The fields `save` touches by name; the rest of the snapshot goes through `$set` whole. */
interface SavedDocument extends WithOutbox, Claims {
  _id: string;
  tenantId: string;
  version: number;
}

const origin = (tenantId: string) => ({ source: MANAGEMENT_SOURCE, tenantId });

/** A tenant's API resources and roles; each write carries its whole-snapshot event in the same document. */
export class AccessRepository {
  private readonly apis: Collection<ApiResourceDocument>;
  private readonly roles: Collection<RoleDocument>;

  constructor(db: Db) {
    this.apis = db.collection<ApiResourceDocument>(API_RESOURCES);
    this.roles = db.collection<RoleDocument>(ROLES);
  }

  async apisOf(tenantId: string): Promise<ApiResource[]> {
    const docs = await forTenant(this.apis, tenantId).find(
      { status: 'active' },
      { projection: { outbox: 0 }, sort: { name: 1 } },
    );
    return docs.map(apiOf);
  }

  async api(tenantId: string, resourceId: string): Promise<ApiResource | null> {
    const doc = await forTenant(this.apis, tenantId).findOne(
      { _id: resourceId, status: 'active' },
      { projection: { outbox: 0 } },
    );
    return doc ? apiOf(doc) : null;
  }

  async rolesOf(tenantId: string): Promise<Role[]> {
    const docs = await forTenant(this.roles, tenantId).find(
      { status: 'active' },
      { projection: { outbox: 0 }, sort: { name: 1 } },
    );
    return docs.map(roleOf);
  }

  async role(tenantId: string, roleId: string): Promise<Role | null> {
    const doc = await forTenant(this.roles, tenantId).findOne(
      { _id: roleId, status: 'active' },
      { projection: { outbox: 0 } },
    );
    return doc ? roleOf(doc) : null;
  }

  /** Saves a snapshot over the version before it (version 1 creates the document). */
  async saveApi(api: ApiResource): Promise<void> {
    const claims = {
      nameClaim: `${api.tenantId}/${api.name}`,
      audienceClaim: `${api.tenantId}/${api.audience}`,
    };
    const event = ApiResourceChangedV1.create(api.resourceId, api, origin(api.tenantId));
    await save(this.apis, api.resourceId, api, claims, event);
  }

  async saveRole(role: Role): Promise<void> {
    const event = RoleChangedV1.create(role.roleId, role, origin(role.tenantId));
    await save(this.roles, role.roleId, role, { nameClaim: `${role.tenantId}/${role.name}` }, event);
  }
}

function apiOf({
  _id: _i,
  outbox: _o,
  nameClaim: _n,
  audienceClaim: _a,
  ...api
}: ApiResourceDocument): ApiResource {
  return api;
}

function roleOf({ _id: _i, outbox: _o, nameClaim: _n, audienceClaim: _a, ...role }: RoleDocument): Role {
  return role;
}

/**
 * The one write of both kinds: state, claims and event in a single-document write (the outbox
 * needs no transaction), over the version that was read (optimistic concurrency).
 */
async function save<T extends { tenantId: string; status: 'active' | 'deleted'; version: number }>(
  collection: Collection<T & WithOutbox & Claims & { _id: string }>,
  id: string,
  snapshot: T,
  claims: Required<Pick<Claims, 'nameClaim'>> & Claims,
  event: CloudEvent,
): Promise<void> {
  const outbox = outboxRecords([{ event, stream: 'config' }]);
  const live = snapshot.status === 'active';
  // Untyped on purpose: generic documents cannot satisfy the driver's filter and update types.
  const raw = collection as unknown as Collection<SavedDocument>;
  try {
    if (snapshot.version === 1) {
      await raw.insertOne({ _id: id, ...snapshot, ...claims, outbox });
      return;
    }
    const r = await raw.updateOne(
      { _id: id, tenantId: snapshot.tenantId, version: snapshot.version - 1 },
      {
        $set: { ...snapshot, ...(live ? claims : {}) },
        ...(live ? {} : { $unset: Object.fromEntries(Object.keys(claims).map((k) => [k, ''])) }),
        ...pushToOutbox(outbox),
      },
    );
    if (r.matchedCount !== 1) throw new StaleAccessError(id);
  } catch (e) {
    if (isDuplicateKey(e)) throw new AccessClaimTakenError(id);
    throw e;
  }
}
