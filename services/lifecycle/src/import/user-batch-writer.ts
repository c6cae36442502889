import { randomUUID } from 'node:crypto';
import { MongoBulkWriteError, type Collection, type Db } from 'mongodb';
import { outboxRecords, UserRegisteredV1 } from '@idaas/events';
import { normalizeEmail } from '@idaas/identity';
import { USERS, type UserDocument } from '@idaas/user-store';
import type { ImportedUser } from './import-line';

/** A user with its hash, ready to be stored. */
export type HashedUser = Omit<ImportedUser, 'password'>;

export interface BatchWrite {
  imported: number;
  /** Lines whose email was taken (already in the tenant, or earlier in the same batch or file). */
  duplicateLines: number[];
}

const DUPLICATE_KEY = 11000;

/**
 * Writes a batch of new users to the region's identity database in one unordered insertMany.
 * Each document carries its own `idaas.user.registered.v1` in its outbox (the relay publishes it
 * to the region's users topic), so a user and its event are one write: a line is imported with its
 * event or not at all. Duplicate emails fail on the unique index, one line each, and do not stop
 * the others.
 */
export class UserBatchWriter {
  private readonly users: Collection<UserDocument>;

  constructor(
    identityDb: Db,
    private readonly events: { region: string; source: string },
  ) {
    this.users = identityDb.collection<UserDocument>(USERS);
  }

  async insert(tenantId: string, batch: readonly HashedUser[], now: Date): Promise<BatchWrite> {
    if (batch.length === 0) return { imported: 0, duplicateLines: [] };
    const docs = batch.map((u) => this.document(tenantId, u, now));
    try {
      const result = await this.users.insertMany(docs, { ordered: false });
      return { imported: result.insertedCount, duplicateLines: [] };
    } catch (e) {
      if (!(e instanceof MongoBulkWriteError)) throw e;
      const errors = Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors];
      // Anything but a duplicate is a fault of the store, not of the line: the import stops there.
      if (errors.some((w) => w.code !== DUPLICATE_KEY)) throw e;
      return {
        imported: batch.length - errors.length,
        duplicateLines: errors.map((w) => batch[w.index]!.line),
      };
    }
  }

  private document(tenantId: string, u: HashedUser, now: Date): UserDocument {
    const userId = randomUUID();
    const event = UserRegisteredV1.create(
      userId,
      { userId, status: u.state, via: 'import' },
      { source: this.events.source, tenantId, region: this.events.region, now },
    );
    return {
      _id: userId,
      tenantId,
      email: u.email,
      emailNormalized: normalizeEmail(u.email),
      emailVerified: u.emailVerified,
      profile: u.profile,
      state: u.state,
      ...(u.passwordHash === undefined ? {} : { passwordHash: u.passwordHash, passwordChangedAt: now }),
      failedAttempts: 0,
      createdAt: now,
      updatedAt: now,
      version: 1,
      // User events go to the region's users topic only (data residency), as the directory's own.
      outbox: outboxRecords([{ event, stream: 'user' }]),
    };
  }
}
