import type { Collection, Db } from 'mongodb';
import { newCsrfToken, type LoginFlowState, type SelfServiceFlow } from '@idaas/identity';
import type { IndexDeclaration } from '@idaas/store';
import type { AuthorizationRequest } from '../domain/authorization-request';

export type LoginFlow = SelfServiceFlow<'login', LoginFlowState, AuthorizationRequest>;

type FlowDocument = Omit<LoginFlow, 'id'> & { _id: string };

export const FLOWS = 'flows';

/** How long a user may take on the login and consent pages. */
export const LOGIN_FLOW_LIFETIME_SECONDS = 15 * 60;

export const flowIndexes: IndexDeclaration[] = [{ collection: FLOWS, keys: { tenantId: 1, expiresAt: 1 } }];

const toFlow = ({ _id, ...rest }: FlowDocument): LoginFlow => ({ id: _id, ...rest });

/** The hosted pages' flows of this region. Every read names the tenant: another tenant's flow is unknown. */
export class FlowStore {
  private readonly collection: Collection<FlowDocument>;

  constructor(db: Db) {
    this.collection = db.collection<FlowDocument>(FLOWS);
  }

  async create(flow: LoginFlow): Promise<void> {
    const { id, ...rest } = flow;
    await this.collection.insertOne({ _id: id, ...rest });
  }

  async find(tenantId: string, flowId: string): Promise<LoginFlow | undefined> {
    const doc = await this.collection.findOne({ _id: flowId, tenantId });
    return doc ? toFlow(doc) : undefined;
  }

  /**
   * The flow, if it is at `state`, with a fresh CSRF token for the page about to show it: the
   * read and the rotation in one write, as every GET of the login page does both.
   */
  async findAtStepRotatingCsrf(
    tenantId: string,
    flowId: string,
    state: LoginFlowState,
  ): Promise<{ flow: LoginFlow; csrfToken: string } | undefined> {
    const csrf = newCsrfToken();
    const doc = await this.collection.findOneAndUpdate(
      { _id: flowId, tenantId, state },
      { $set: { csrfHash: csrf.hash } },
      { returnDocument: 'after' },
    );
    return doc ? { flow: toFlow(doc), csrfToken: csrf.token } : undefined;
  }

  /** A fresh CSRF token for each rendering of a page; only its hash is kept. */
  async rotateCsrf(flow: LoginFlow): Promise<string> {
    const csrf = newCsrfToken();
    await this.collection.updateOne(
      { _id: flow.id, tenantId: flow.tenantId },
      { $set: { csrfHash: csrf.hash } },
    );
    return csrf.token;
  }

  /**
   * Moves the flow only if it is still in `from`: of two concurrent submissions one wins, so a
   * flow issues at most one code.
   */
  async transition(
    flow: LoginFlow,
    from: LoginFlowState,
    to: LoginFlowState,
    userId?: string,
  ): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: flow.id, tenantId: flow.tenantId, state: from },
      { $set: { state: to, ...(userId ? { userId } : {}) } },
    );
    return result.modifiedCount === 1;
  }

  /** Deletes flows past their expiry: nobody can submit them any more. */
  async sweep(now: Date): Promise<number> {
    return (await this.collection.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
  }
}
