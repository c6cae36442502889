import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet } from 'jose';
import type { ApplicationView } from '@idaas/replica';
import type { UsedAssertions } from '../store/used-assertions';
import { ASSERTION_SIGNING_ALGS, assertionClaimProblem } from './assertion-claims';
import type { ClientKeys } from './client-keys';

/** What verifying a client assertion needs besides the assertion and the client. */
export interface ClientAssertionContext {
  /** Accepted audiences: the tenant's issuer and its token endpoint URL. */
  audiences: readonly string[];
  keys: ClientKeys;
  used: UsedAssertions;
}

/** Whether the assertion proves the client: signature by its key, claims, and first use of its jti. */
export async function verifyClientAssertion(
  assertion: string,
  app: ApplicationView,
  ctx: ClientAssertionContext,
  now: Date,
): Promise<boolean> {
  const keys = await ctx.keys.of(app, now);
  if (keys.length === 0) return false;
  try {
    const { payload } = await jwtVerify(assertion, createLocalJWKSet({ keys } as JSONWebKeySet), {
      algorithms: [...ASSERTION_SIGNING_ALGS],
      currentDate: now,
      clockTolerance: 5,
    });
    if (assertionClaimProblem(payload, { clientId: app.applicationId, audiences: ctx.audiences, now }))
      return false;
    return await ctx.used.firstUse(
      app.applicationId,
      String(payload.jti),
      new Date(payload.exp! * 1000),
      now,
    );
  } catch (e) {
    if (e instanceof errors.JOSEError) return false;
    throw e;
  }
}
