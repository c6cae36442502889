import { createHash, randomBytes } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { isDuplicateKey, type IndexDeclaration } from '@idaas/store';

/** What a refresh token stands for: the user's authorization, carried from the code it came from. */
export interface RefreshGrant {
  tenantId: string;
  clientId: string;
  userId: string;
  familyId: string;
  scope: string[];
  sessionId: string;
  authTime: Date;
  amr: string[];
  acr?: string;
  resource?: string;
}

interface RefreshTokenDocument extends RefreshGrant {
  /** SHA-256 of the token: a database read yields no usable token. */
  _id: string;
  status: 'active' | 'rotated' | 'revoked';
  createdAt: Date;
  expiresAt: Date;
  usedAt?: Date;
}

/** An access token issued in a family, so a revocation of the family can name it. */
export interface IssuedAccessToken {
  jti: string;
  expiresAt: Date;
}

/** Whose a family is; the SSO session it started in, when it came from a code. */
export interface FamilyOwner {
  tenantId: string;
  clientId: string;
  userId: string;
  sessionId?: string;
}

/**
 * Everything one authorization code led to: the access tokens of its redemption and of every
 * refresh, and the refresh tokens that rotated from each other. Revoked as one.
 */
interface TokenFamilyDocument {
  /** `<tenantId>/<codeId>`: a replay of the code finds the family the first redemption made. */
  _id: string;
  tenantId: string;
  clientId: string;
  userId: string;
  /** The SSO session the code was issued in: signing out of it revokes the family. */
  sessionId?: string;
  revoked: boolean;
  accessTokens: IssuedAccessToken[];
  createdAt: Date;
  revokedAt?: Date;
}

export const REFRESH_TOKENS = 'refresh_tokens';
export const TOKEN_FAMILIES = 'token_families';

export const refreshTokenIndexes: IndexDeclaration[] = [
  { collection: REFRESH_TOKENS, keys: { familyId: 1 } },
  { collection: REFRESH_TOKENS, keys: { expiresAt: 1 } },
  { collection: TOKEN_FAMILIES, keys: { tenantId: 1, sessionId: 1 } },
  // A new password revokes every family of the user.
  { collection: TOKEN_FAMILIES, keys: { tenantId: 1, userId: 1 } },
];

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export type Rotation =
  | { outcome: 'rotated'; grant: RefreshGrant }
  /** An already rotated token came back: a copy of it is in someone else's hands (RFC 9700 section 4.14.2). */
  | { outcome: 'reused'; grant: RefreshGrant }
  | { outcome: 'unknown' | 'expired' | 'revoked' };

/**
 * Refresh tokens: opaque 256-bit values of which only the SHA-256 is stored, each in a family.
 * Using one marks it rotated by one conditional update, so of two concurrent uses exactly one wins.
 * https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export class RefreshTokenStore {
  private readonly tokens: Collection<RefreshTokenDocument>;
  private readonly families: Collection<TokenFamilyDocument>;

  constructor(db: Db) {
    this.tokens = db.collection<RefreshTokenDocument>(REFRESH_TOKENS);
    this.families = db.collection<TokenFamilyDocument>(TOKEN_FAMILIES);
  }

  static familyOfCode(tenantId: string, codeId: string): string {
    return `${tenantId}/${codeId}`;
  }

  /**
   * The family of a code's redemption, made on first use, with the first access token recorded in
   * the same write (one round trip on every code exchange). Answers false when the family is
   * already revoked, which happens when a replay of the code overtook the first redemption.
   */
  async openFamily(
    familyId: string,
    owner: FamilyOwner,
    now: Date,
    firstToken: IssuedAccessToken,
  ): Promise<boolean> {
    const family = await this.upsertFamily(familyId, owner, now, {}, firstToken);
    return family !== null && !family.revoked;
  }

  /** Records an access token of the family; false when the family was revoked meanwhile. */
  async recordAccessToken(familyId: string, token: IssuedAccessToken): Promise<boolean> {
    const updated = await this.families.updateOne(
      { _id: familyId, revoked: false },
      { $push: { accessTokens: token } },
    );
    return updated.matchedCount === 1;
  }

  /** A new refresh token of the grant's family, valid until `expiresAt`. */
  async issue(grant: RefreshGrant, expiresAt: Date, now: Date): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.tokens.insertOne({
      ...grant,
      _id: hashOf(token),
      status: 'active',
      createdAt: now,
      expiresAt,
    });
    return token;
  }

  /** The grant of a token that may still be used, without using it up. */
  async find(
    tenantId: string,
    clientId: string,
    token: string,
    now: Date,
  ): Promise<RefreshGrant | undefined> {
    const found = await this.tokens.findOne({
      _id: hashOf(token),
      tenantId,
      clientId,
      status: 'active',
      expiresAt: { $gt: now },
    });
    return found ? grantOf(found) : undefined;
  }

  /** Marks a presented token used. Only a token of this tenant and client counts as found at all. */
  async rotate(tenantId: string, clientId: string, token: string, now: Date): Promise<Rotation> {
    const _id = hashOf(token);
    const used = await this.tokens.findOneAndUpdate(
      { _id, tenantId, clientId, status: 'active', expiresAt: { $gt: now } },
      { $set: { status: 'rotated', usedAt: now } },
      { returnDocument: 'before' },
    );
    if (used) {
      const family = await this.families.findOne({ _id: used.familyId }, { projection: { revoked: 1 } });
      return family && !family.revoked
        ? { outcome: 'rotated', grant: grantOf(used) }
        : { outcome: 'revoked' };
    }
    const found = await this.tokens.findOne({ _id, tenantId, clientId });
    if (!found) return { outcome: 'unknown' };
    if (found.status === 'rotated') return { outcome: 'reused', grant: grantOf(found) };
    return { outcome: found.status === 'revoked' ? 'revoked' : 'expired' };
  }

  /**
   * Revokes a family: every refresh token of it is refused from now on, and a family not yet made
   * (the first redemption still running) is made revoked. Answers the access tokens it had issued,
   * for the revocation list.
   */
  async revokeFamily(familyId: string, owner: FamilyOwner, now: Date): Promise<IssuedAccessToken[]> {
    await this.upsertFamily(familyId, owner, now, { revoked: true, revokedAt: now });
    await this.tokens.updateMany({ familyId, status: { $ne: 'revoked' } }, { $set: { status: 'revoked' } });
    const family = await this.families.findOne({ _id: familyId }, { projection: { accessTokens: 1 } });
    return family?.accessTokens ?? [];
  }

  /**
   * Revokes every family started in an SSO session, when the user signs out of it (OpenID Connect
   * RP-Initiated Logout: the session's grants end with it). Answers each family's owner and the
   * access tokens it had issued, for the revocation list.
   */
  async revokeSession(
    tenantId: string,
    sessionId: string,
    now: Date,
  ): Promise<{ owner: FamilyOwner; accessTokens: IssuedAccessToken[] }[]> {
    const families = await this.families
      .find({ tenantId, sessionId, revoked: false }, { projection: { clientId: 1, userId: 1 } })
      .toArray();
    const revoked = [];
    for (const family of families) {
      const owner = { tenantId, clientId: family.clientId, userId: family.userId, sessionId };
      revoked.push({ owner, accessTokens: await this.revokeFamily(family._id, owner, now) });
    }
    return revoked;
  }

  /**
   * Revokes every family of a user but those started in `keepSessionId`: their password changed,
   * so nothing obtained with the old one may go on. Answers each family's owner and access tokens.
   */
  async revokeUser(
    tenantId: string,
    userId: string,
    now: Date,
    keepSessionId?: string,
  ): Promise<{ owner: FamilyOwner; accessTokens: IssuedAccessToken[] }[]> {
    const families = await this.families
      .find(
        {
          tenantId,
          userId,
          revoked: false,
          ...(keepSessionId === undefined ? {} : { sessionId: { $ne: keepSessionId } }),
        },
        { projection: { clientId: 1, sessionId: 1 } },
      )
      .toArray();
    const revoked = [];
    for (const family of families) {
      const owner = {
        tenantId,
        clientId: family.clientId,
        userId,
        ...(family.sessionId === undefined ? {} : { sessionId: family.sessionId }),
      };
      revoked.push({ owner, accessTokens: await this.revokeFamily(family._id, owner, now) });
    }
    return revoked;
  }

  /**
   * Revokes the family of a presented refresh token (RFC 7009 section 2.1: revoking a refresh token
   * also invalidates what was issued with it). False when the token is not this client's.
   */
  async revokeToken(
    tenantId: string,
    clientId: string,
    token: string,
    now: Date,
  ): Promise<{ revoked: false } | { revoked: true; familyId: string; accessTokens: IssuedAccessToken[] }> {
    const found = await this.tokens.findOne({ _id: hashOf(token), tenantId, clientId });
    if (!found) return { revoked: false };
    const accessTokens = await this.revokeFamily(found.familyId, found, now);
    return { revoked: true, familyId: found.familyId, accessTokens };
  }

  private async upsertFamily(
    familyId: string,
    owner: FamilyOwner,
    now: Date,
    set: Partial<Pick<TokenFamilyDocument, 'revoked' | 'revokedAt'>>,
    /** Pushed in the same write (a new family starts with it). */
    token?: IssuedAccessToken,
  ): Promise<TokenFamilyDocument | null> {
    const insert = {
      tenantId: owner.tenantId,
      clientId: owner.clientId,
      userId: owner.userId,
      ...(owner.sessionId === undefined ? {} : { sessionId: owner.sessionId }),
      ...(token ? {} : { accessTokens: [] }),
      createdAt: now,
      ...('revoked' in set ? {} : { revoked: false }),
    };
    const update = {
      $setOnInsert: insert,
      ...(Object.keys(set).length > 0 ? { $set: set } : {}),
      ...(token ? { $push: { accessTokens: token } } : {}),
    };
    const after = { returnDocument: 'after' as const, projection: { revoked: 1, accessTokens: 1 } };
    try {
      return await this.families.findOneAndUpdate({ _id: familyId }, update, { ...after, upsert: true });
    } catch (e) {
      // Two upserts of a new family raced: the loser's update applies to the winner's document.
      if (!isDuplicateKey(e)) throw e;
      return this.families.findOneAndUpdate({ _id: familyId }, update, after);
    }
  }
}

function grantOf(doc: RefreshTokenDocument): RefreshGrant {
  return {
    tenantId: doc.tenantId,
    clientId: doc.clientId,
    userId: doc.userId,
    familyId: doc.familyId,
    scope: doc.scope,
    sessionId: doc.sessionId,
    authTime: doc.authTime,
    amr: doc.amr,
    ...(doc.acr === undefined ? {} : { acr: doc.acr }),
    ...(doc.resource === undefined ? {} : { resource: doc.resource }),
  };
}
