import type { ClientAuthMethod } from './method';

const field = (body: unknown, name: string): string | undefined => {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
};

/** Client id and secret in the form body. https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1 */
export const clientSecretPost: ClientAuthMethod = {
  name: 'client_secret_post',
  presentIn: (req) => field(req.body, 'client_secret') !== undefined,
  read(req) {
    const clientId = field(req.body, 'client_id');
    const secret = field(req.body, 'client_secret');
    return clientId && secret ? { clientId, secret } : undefined;
  },
};

/** Public clients: only the client id; PKCE proves possession instead. */
export const noClientAuth: ClientAuthMethod = {
  name: 'none',
  presentIn: (req) =>
    field(req.body, 'client_id') !== undefined && field(req.body, 'client_secret') === undefined,
  read(req) {
    const clientId = field(req.body, 'client_id');
    return clientId ? { clientId } : undefined;
  },
};
