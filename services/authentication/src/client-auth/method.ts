import type { Request } from 'express';

export interface PresentedCredentials {
  clientId: string;
  secret?: string;
  /** A signed client assertion (private_key_jwt), verified against the client's registered keys. */
  assertion?: string;
}

/** One client authentication method (RFC 6749 section 2.3, OpenID Connect Core section 9). */
export interface ClientAuthMethod {
  name: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';
  /** Whether the request uses this method at all. */
  presentIn(req: Request): boolean;
  /** The credentials it carries, or undefined when they are malformed. */
  read(req: Request): PresentedCredentials | undefined;
}
