export { generateSecret, hashSecret, verifySecret, numericCode } from './secrets';
export { seal, unseal, parseKeyEncryptionKey } from './key-encryption';
export type { SealedSecret } from './key-encryption';
export { sealMessageValues, unsealMessageValues } from './message-values';
export {
  generateWebhookSecret,
  sealWebhookSecret,
  unsealWebhookSecret,
  WEBHOOK_SECRET_PREFIX,
} from './webhook-secret';
export type { WebhookSecretRef } from './webhook-secret';
export { hashPassword, verifyPassword, argon2PasswordHasher, PASSWORD_HASH_PARAMETERS } from './password';
export {
  generateTotpSecret,
  matchTotp,
  totpAt,
  totpStep,
  totpUri,
  base32Encode,
  base32Decode,
  hotp,
} from './totp';
export {
  generateRecoveryCodes,
  hashRecoveryCode,
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
} from './recovery-codes';
