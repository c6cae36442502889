import { randomBytes } from 'node:crypto';
import { parseKeyEncryptionKey, seal, unseal } from './key-encryption';

describe('key encryption at rest', () => {
  const kek = randomBytes(32);

  it('round-trips and never stores the plaintext', () => {
    const sealed = seal('{"d":"private"}', kek, 'kid-1');
    expect(JSON.stringify(sealed)).not.toContain('private');
    expect(unseal(sealed, kek, 'kid-1')).toBe('{"d":"private"}');
  });

  it('refuses another key id, another key, or a tampered ciphertext', () => {
    const sealed = seal('secret', kek, 'kid-1');
    expect(() => unseal(sealed, kek, 'kid-2')).toThrow();
    expect(() => unseal(sealed, randomBytes(32), 'kid-1')).toThrow();
    const data = Buffer.from(sealed.data, 'base64');
    data[0] = data[0]! ^ 1;
    expect(() => unseal({ ...sealed, data: data.toString('base64') }, kek, 'kid-1')).toThrow();
  });

  it('accepts only 32-byte keys', () => {
    expect(parseKeyEncryptionKey(kek.toString('base64'))).toEqual(kek);
    expect(() => parseKeyEncryptionKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
