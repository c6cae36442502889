import { seal, unseal, type SealedSecret } from './key-encryption';

/**
 * The secret values of one message request (one-time code, link with its token), sealed under the
 * region's message sealing key and bound to the request's event id: a value copied into another
 * request does not open.
 */
export function sealMessageValues(
  values: Record<string, string>,
  key: Buffer,
  eventId: string,
): Record<string, SealedSecret> {
  return Object.fromEntries(
    Object.entries(values).map(([name, v]) => [name, seal(v, key, `${eventId}/${name}`)]),
  );
}

/** Throws when the key is wrong or a value was sealed for another request or variable. */
export function unsealMessageValues(
  sealed: Record<string, SealedSecret>,
  key: Buffer,
  eventId: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(sealed).map(([name, s]) => [name, unseal(s, key, `${eventId}/${name}`)]),
  );
}
