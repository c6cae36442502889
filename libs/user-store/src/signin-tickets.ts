import type { Collection, Db } from 'mongodb';
import { generateSecret, hashSecret } from '@idaas/crypto';

export const SIGNIN_TICKETS = 'signin_tickets';

/** Long enough for one redirect from the registration service to the login, short enough to be useless later. */
export const SIGNIN_TICKET_LIFETIME_SECONDS = 120;

interface SignInTicketDocument {
  /** Hash of the ticket: the clear value only ever travels in the one redirect. */
  _id: string;
  tenantId: string;
  userId: string;
  /** The login flow the ticket may finish, and no other. */
  loginFlowId: string;
  expiresAt: Date;
  createdAt: Date;
}

/**
 * Hands a user who has just proven their email from the registration service to the login flow
 * they started, in the region's identity database both services share. A ticket is single-use
 * (redeeming deletes it in the same operation), bound to one tenant and flow, and expires on read.
 */
export class SignInTickets {
  private readonly tickets: Collection<SignInTicketDocument>;

  constructor(identityDb: Db) {
    this.tickets = identityDb.collection<SignInTicketDocument>(SIGNIN_TICKETS);
  }

  async issue(ticket: { tenantId: string; userId: string; loginFlowId: string }, now: Date): Promise<string> {
    const value = generateSecret(32);
    await this.tickets.insertOne({
      _id: hashSecret(value),
      ...ticket,
      expiresAt: new Date(now.getTime() + SIGNIN_TICKET_LIFETIME_SECONDS * 1000),
      createdAt: now,
    });
    return value;
  }

  /** The user the ticket was issued to, once; undefined when wrong, used, expired or for another flow. */
  async redeem(
    tenantId: string,
    loginFlowId: string,
    value: string,
    now: Date,
  ): Promise<{ userId: string } | undefined> {
    const doc = await this.tickets.findOneAndDelete({
      _id: hashSecret(value),
      tenantId,
      loginFlowId,
      expiresAt: { $gt: now },
    });
    return doc ? { userId: doc.userId } : undefined;
  }

  /** Removes expired tickets (no TTL indexes on every MongoDB-wire server). */
  async sweep(now: Date): Promise<number> {
    return (await this.tickets.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  }
}
