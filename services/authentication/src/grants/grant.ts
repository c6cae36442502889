import type { z } from 'zod';
import { OAuthErrors } from '@idaas/http';
import type { ApplicationView, TenantView } from '@idaas/replica';
import type { AuthenticationDeps } from '../deps';

/** What every grant answers (RFC 6749 section 5.1; OpenID Connect Core section 3.1.3.3). */
export interface TokenResponseBody {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  id_token?: string;
  refresh_token?: string;
}

/** What the token endpoint pipeline established before the grant runs. */
export interface GrantContext {
  deps: AuthenticationDeps;
  tenant: TenantView;
  /** The authenticated client. */
  app: ApplicationView;
  issuer: string;
  now: Date;
}

/** One grant type: its name, the parameters it accepts, and what it issues. */
export interface TokenGrant<P = unknown> {
  type: ApplicationView['grantTypes'][number];
  params: z.ZodType<P>;
  handle(ctx: GrantContext, params: P): Promise<TokenResponseBody>;
}

/** Keeps each grant's parameter type while the registry holds them side by side. */
export interface RegisteredGrant {
  type: TokenGrant['type'];
  /** Parses the request with the grant's own parameters (anything else is dropped), then runs it. */
  run(ctx: GrantContext, body: unknown): Promise<TokenResponseBody>;
}

export function defineGrant<P>(grant: TokenGrant<P>): RegisteredGrant {
  return {
    type: grant.type,
    run: async (ctx, body) => {
      const parsed = grant.params.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw OAuthErrors.invalidRequest(
          `Invalid ${issue?.path.join('.') || 'request'}: ${issue?.message ?? ''}`,
        );
      }
      // RFC 6749 section 5.2: a client not allowed this grant type is unauthorized_client.
      if (!ctx.app.grantTypes.includes(grant.type)) {
        throw OAuthErrors.unauthorizedClient(`This client may not use the ${grant.type} grant.`);
      }
      return grant.handle(ctx, parsed.data);
    },
  };
}
