import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope for private keys at rest: AES-256-GCM under a key-encryption key from the
 * environment. The associated data binds a ciphertext to its key id, so a stored private key
 * cannot be swapped onto another key's record without failing to decrypt.
 */
export interface SealedSecret {
  v: 1;
  iv: string;
  tag: string;
  data: string;
}

export function parseKeyEncryptionKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('the key-encryption key must be 32 bytes, base64-encoded');
  return key;
}

export function seal(plaintext: string, kek: Buffer, associatedData: string): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    v: 1,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

export function unseal(sealed: SealedSecret, kek: Buffer, associatedData: string): string {
  const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString(
    'utf8',
  );
}
