import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import type { Policy } from '@idaas/events';
import { generateSecret, hashSecret, verifySecret } from '@idaas/crypto';
import type { IndexDeclaration } from '@idaas/store';

export type SessionPolicy = Policy['session'];

/** A user's single sign-on session with one tenant, as the hosted pages see it. */
export interface SsoSession {
  /** Public id: grants and tokens name it, so logging out can revoke what it issued. */
  sessionId: string;
  tenantId: string;
  userId: string;
  authTime: Date;
  amr: string[];
  lastSeenAt: Date;
  idleSeconds: number;
  absoluteExpiresAt: Date;
  /**
   * Applications of the tenant this session signed the user in to, so each can be told when it
   * ends (Back-Channel Logout). Absent on sessions from before it was kept.
   */
  clientIds?: string[];
  /** Set when the user set up a second factor on the account pages in this session. */
  secondFactorSetUp?: boolean;
  /**
   * The hash of the browser's device cookie, naming the user's known device it signed in from
   * (its label is read there, so forgetting the device forgets it here too). Absent on sessions
   * from before it was kept.
   */
  deviceHash?: string;
}

/** What the back channel needs of a session that just ended. */
export type EndedSession = Pick<SsoSession, 'sessionId' | 'tenantId' | 'userId' | 'clientIds'>;

/** Told of sessions ended by a user, an admin or an event, after the deletion (not of expired ones). */
export type SessionsEnded = (ended: EndedSession[]) => void;

/** At most this many applications are remembered per session: a bound on the document, not a product limit. */
export const MAX_SESSION_CLIENTS = 100;

const endedProjection = { _id: 0, sessionId: 1, tenantId: 1, userId: 1, clientIds: 1 } as const;

interface SessionDocument extends SsoSession {
  /** SHA-256 of the cookie value: a database read yields no usable cookie. */
  _id: string;
  /** Hash of the CSRF token of the logout confirmation page, when one was shown. */
  logoutCsrfHash?: string;
  /** Hash of the CSRF token of the account pages (`/account/...`), when one was shown. */
  accountCsrfHash?: string;
  /** When the idle lifetime runs out unless the session is used again, so the sweep can query it. */
  idleExpiresAt: Date;
}

export const SESSIONS = 'sessions';

export const sessionIndexes: IndexDeclaration[] = [
  { collection: SESSIONS, keys: { tenantId: 1, userId: 1 } },
  { collection: SESSIONS, keys: { sessionId: 1 }, options: { unique: true } },
  { collection: SESSIONS, keys: { absoluteExpiresAt: 1 } },
  { collection: SESSIONS, keys: { idleExpiresAt: 1 } },
];

const idleExpiry = (s: SsoSession): number => s.lastSeenAt.getTime() + s.idleSeconds * 1000;
const idleEnd = (s: SsoSession): Date => new Date(idleExpiry(s));

/** SSO sessions of this region. The cookie value is 256 random bits; only its hash is stored. */
export class SessionStore {
  private readonly collection: Collection<SessionDocument>;

  constructor(
    db: Db,
    private readonly ended: SessionsEnded = () => undefined,
  ) {
    this.collection = db.collection<SessionDocument>(SESSIONS);
  }

  /** Tells the listener of what was ended; it must not throw into the ending path. */
  private told(ended: EndedSession[]): void {
    if (ended.length > 0) this.ended(ended);
  }

  async start(
    tenantId: string,
    userId: string,
    amr: string[],
    policy: SessionPolicy,
    now: Date,
    /**
     * Remembered in the same insert: the application being signed in to, and the hash of the
     * browser's device cookie (its known-device record names the device).
     */
    from: { clientId?: string; deviceHash?: string } = {},
  ): Promise<{ cookie: string; session: SsoSession }> {
    const { clientId, deviceHash } = from;
    const cookie = generateSecret(32);
    const session: SsoSession = {
      sessionId: randomUUID(),
      tenantId,
      userId,
      authTime: now,
      amr,
      lastSeenAt: now,
      idleSeconds: policy.idleSeconds,
      absoluteExpiresAt: new Date(now.getTime() + policy.absoluteSeconds * 1000),
      ...(clientId === undefined ? {} : { clientIds: [clientId] }),
      ...(deviceHash === undefined ? {} : { deviceHash }),
    };
    await this.collection.insertOne({ _id: hashSecret(cookie), ...session, idleExpiresAt: idleEnd(session) });
    return { cookie, session };
  }

  /**
   * The live session behind a cookie, or undefined. Both lifetimes are checked on every read;
   * a use slides the idle expiry forward (never beyond the absolute one).
   */
  async find(tenantId: string, cookie: string | undefined, now: Date): Promise<SsoSession | undefined> {
    if (!cookie) return undefined;
    const doc = await this.collection.findOne({ _id: hashSecret(cookie), tenantId });
    if (!doc) return undefined;
    if (idleExpiry(doc) <= now.getTime() || doc.absoluteExpiresAt.getTime() <= now.getTime())
      return undefined;
    const { _id, logoutCsrfHash, accountCsrfHash, idleExpiresAt, ...session } = doc;
    void logoutCsrfHash;
    void accountCsrfHash;
    void idleExpiresAt;
    const used = { ...session, lastSeenAt: now };
    await this.collection.updateOne({ _id }, { $set: { lastSeenAt: now, idleExpiresAt: idleEnd(used) } });
    return used;
  }

  /**
   * The user set up a second factor in this session (confirmed with a code from it), which lets
   * the session go on changing the account's credentials; see `credentialChangeRefusal`. It adds
   * nothing to `amr`: the session did not sign in with that factor, so applications that require
   * MFA still ask for it. `authTime` and both lifetimes are kept, so the session grows no younger.
   */
  async recordSecondFactorSetUp(tenantId: string, cookie: string): Promise<void> {
    await this.collection.updateOne(
      { _id: hashSecret(cookie), tenantId },
      { $set: { secondFactorSetUp: true } },
    );
  }

  /**
   * Remembers that the session signed the user in to this application too (an SSO answer). Only
   * writes when the application is new to the session and the bound is not reached.
   */
  async signedInTo(session: SsoSession, clientId: string): Promise<void> {
    const known = session.clientIds ?? [];
    if (known.includes(clientId) || known.length >= MAX_SESSION_CLIENTS) return;
    await this.collection.updateOne(
      { tenantId: session.tenantId, sessionId: session.sessionId },
      { $addToSet: { clientIds: clientId } },
    );
  }

  /** A fresh CSRF token for the logout confirmation page of this session. */
  async logoutCsrf(tenantId: string, cookie: string): Promise<string> {
    const token = generateSecret(32);
    await this.collection.updateOne(
      { _id: hashSecret(cookie), tenantId },
      { $set: { logoutCsrfHash: hashSecret(token) } },
    );
    return token;
  }

  /**
   * A fresh CSRF token for the account pages of this session: they belong to no login flow, so
   * the session holds it. Each page shown replaces it, as the logout page's does.
   */
  async accountCsrf(tenantId: string, cookie: string): Promise<string> {
    const token = generateSecret(32);
    await this.collection.updateOne(
      { _id: hashSecret(cookie), tenantId },
      { $set: { accountCsrfHash: hashSecret(token) } },
    );
    return token;
  }

  /** Whether a form of the account pages carries this session's current token (constant time). */
  async accountCsrfMatches(
    tenantId: string,
    cookie: string,
    presented: string | undefined,
  ): Promise<boolean> {
    if (!presented) return false;
    const doc = await this.collection.findOne(
      { _id: hashSecret(cookie), tenantId },
      { projection: { accountCsrfHash: 1 } },
    );
    return doc?.accountCsrfHash !== undefined && verifySecret(presented, doc.accountCsrfHash);
  }

  /**
   * Ends the session if the confirmation token matches, answering its id so what it granted can
   * be revoked; undefined when the token does not match.
   */
  async endConfirmed(
    tenantId: string,
    cookie: string,
    csrfToken: string | undefined,
  ): Promise<EndedSession | undefined> {
    const doc = await this.collection.findOne({ _id: hashSecret(cookie), tenantId });
    if (!doc?.logoutCsrfHash || !csrfToken || !verifySecret(csrfToken, doc.logoutCsrfHash)) return undefined;
    await this.collection.deleteOne({ _id: doc._id });
    const ended = { sessionId: doc.sessionId, tenantId, userId: doc.userId, clientIds: doc.clientIds ?? [] };
    this.told([ended]);
    return ended;
  }

  async end(tenantId: string, cookie: string): Promise<void> {
    const ended = await this.collection.findOneAndDelete(
      { _id: hashSecret(cookie), tenantId },
      { projection: endedProjection },
    );
    if (ended) this.told([ended]);
  }

  /**
   * Ends every session of a user but `keepSessionId` (the one a password change was made from),
   * answering the ids ended so what they granted can be revoked.
   */
  async endAllOf(tenantId: string, userId: string, keepSessionId?: string): Promise<string[]> {
    const filter = {
      tenantId,
      userId,
      ...(keepSessionId === undefined ? {} : { sessionId: { $ne: keepSessionId } }),
    };
    const ended = await this.collection.find(filter, { projection: endedProjection }).toArray();
    await this.collection.deleteMany(filter);
    this.told(ended);
    return ended.map((s) => s.sessionId);
  }

  /** The user's live sessions, most recent sign-in first, for the user's own list. */
  async liveOf(tenantId: string, userId: string, now: Date): Promise<SsoSession[]> {
    const docs = await this.collection
      .find(
        { tenantId, userId, absoluteExpiresAt: { $gt: now }, idleExpiresAt: { $gt: now } },
        {
          projection: { _id: 0, logoutCsrfHash: 0, accountCsrfHash: 0, idleExpiresAt: 0 },
          sort: { authTime: -1 },
        },
      )
      .toArray();
    return docs;
  }

  /** Ends one session of the user by its public id; false when the user has no such session. */
  async endById(tenantId: string, userId: string, sessionId: string): Promise<boolean> {
    const ended = await this.collection.findOneAndDelete(
      { tenantId, userId, sessionId },
      { projection: endedProjection },
    );
    if (ended) this.told([ended]);
    return ended !== null;
  }

  /** Deletes sessions past either lifetime: `find` would refuse them anyway. */
  async sweep(now: Date): Promise<number> {
    const absolute = await this.collection.deleteMany({ absoluteExpiresAt: { $lte: now } });
    const idle = await this.collection.deleteMany({ idleExpiresAt: { $lte: now } });
    return absolute.deletedCount + idle.deletedCount;
  }
}
