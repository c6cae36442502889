export { generateSecret, hashSecret, verifySecret, numericCode } from './secrets';
