import type { Collection, Db } from 'mongodb';
import type { IndexDeclaration } from '@idaas/store';

export const WEBAUTHN_CHALLENGES = 'webauthn_challenges';

/** As long as the browser lets the user look for their key (the options' timeout), and a little more. */
export const WEBAUTHN_CHALLENGE_LIFETIME_SECONDS = 5 * 60;

/** What a challenge may be answered with: a new credential, or an assertion (after a password or without one). */
export type CeremonyPurpose = 'register' | 'second_factor' | 'passwordless';

export const webauthnChallengeIndexes: IndexDeclaration[] = [
  { collection: WEBAUTHN_CHALLENGES, keys: { expiresAt: 1 } },
];

interface ChallengeDocument {
  /** `{ceremonyId}/{purpose}`: one pending challenge per flow (or session) and purpose. */
  _id: string;
  tenantId: string;
  challenge: string;
  expiresAt: Date;
}

/**
 * Pending WebAuthn challenges, bound to the login flow (or SSO session) that showed them and to
 * one purpose. Kept in clear: a challenge is no secret (the page carries it, and answering it
 * takes the private key); what matters is that it is fresh and answered once, so taking it
 * deletes it in the same operation, and showing the page again replaces it.
 * https://www.w3.org/TR/webauthn-3/#sctn-cryptographic-challenges
 */
export class WebAuthnChallenges {
  private readonly collection: Collection<ChallengeDocument>;

  constructor(db: Db) {
    this.collection = db.collection<ChallengeDocument>(WEBAUTHN_CHALLENGES);
  }

  async remember(
    tenantId: string,
    ceremonyId: string,
    purpose: CeremonyPurpose,
    challenge: string,
    now: Date,
  ): Promise<void> {
    await this.collection.replaceOne(
      { _id: `${ceremonyId}/${purpose}` },
      {
        tenantId,
        challenge,
        expiresAt: new Date(now.getTime() + WEBAUTHN_CHALLENGE_LIFETIME_SECONDS * 1000),
      },
      { upsert: true },
    );
  }

  /** The pending challenge, once: undefined when none was shown, it expired or was already answered. */
  async take(
    tenantId: string,
    ceremonyId: string,
    purpose: CeremonyPurpose,
    now: Date,
  ): Promise<string | undefined> {
    const doc = await this.collection.findOneAndDelete({
      _id: `${ceremonyId}/${purpose}`,
      tenantId,
      expiresAt: { $gt: now },
    });
    return doc?.challenge;
  }

  /** Removes challenges nobody answered (no TTL indexes on every MongoDB-wire server). */
  async sweep(now: Date): Promise<number> {
    return (await this.collection.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  }
}
