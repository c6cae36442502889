export { generateSecret, hashSecret, verifySecret, numericCode } from './secrets';
export { seal, unseal, parseKeyEncryptionKey } from './key-encryption';
export type { SealedSecret } from './key-encryption';
