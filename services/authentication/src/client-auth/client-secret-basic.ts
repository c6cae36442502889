import type { ClientAuthMethod } from './method';

/**
 * HTTP Basic with the client id and secret form-urlencoded first.
 * https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export const clientSecretBasic: ClientAuthMethod = {
  name: 'client_secret_basic',
  presentIn: (req) => /^Basic /i.test(req.header('authorization') ?? ''),
  read(req) {
    const encoded = (req.header('authorization') ?? '').slice(6).trim();
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) return undefined;
    try {
      const clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      const secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
      return { clientId, secret };
    } catch {
      return undefined;
    }
  },
};
