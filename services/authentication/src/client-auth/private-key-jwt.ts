import { decodeJwt } from 'jose';
import type { ClientAuthMethod } from './method';

/** RFC 7523 section 2.2: the assertion type of JWT client authentication. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const field = (body: unknown, name: string): string | undefined => {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
};

/**
 * A JWT signed with one of the client's registered keys (OpenID Connect Core section 9).
 * `read` only names the client the assertion claims to come from; `authenticateClient`
 * verifies signature and claims against that client's keys.
 * https://www.rfc-editor.org/rfc/rfc7523#section-2.2
 */
export const privateKeyJwt: ClientAuthMethod = {
  name: 'private_key_jwt',
  presentIn: (req) =>
    field(req.body, 'client_assertion') !== undefined ||
    field(req.body, 'client_assertion_type') !== undefined,
  read(req) {
    const assertion = field(req.body, 'client_assertion');
    if (field(req.body, 'client_assertion_type') !== JWT_BEARER_ASSERTION_TYPE || !assertion)
      return undefined;
    let subject: unknown;
    try {
      subject = decodeJwt(assertion).sub;
    } catch {
      return undefined;
    }
    const bodyClientId = field(req.body, 'client_id');
    // RFC 7523 section 3: a client_id beside the assertion must be the same client.
    if (typeof subject !== 'string' || (bodyClientId !== undefined && bodyClientId !== subject))
      return undefined;
    return { clientId: subject, assertion };
  },
};
