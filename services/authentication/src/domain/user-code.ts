import { randomInt } from 'node:crypto';

/**
 * Consonants only: no vowels, so no words can be spelled, and none of the letters people confuse
 * (no I/O beside 1/0, no Y); case does not matter when typed.
 * https://www.rfc-editor.org/rfc/rfc8628#section-6.1
 */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

/** 20^8 ≈ 2.6·10^10 codes: with the attempt limits, guessing a live code is out of reach (section 5.1). */
export const USER_CODE_LENGTH = 8;

/** A fresh user code, as typed: eight letters of the alphabet, no separator. */
export function newUserCode(): string {
  let code = '';
  for (let i = 0; i < USER_CODE_LENGTH; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

/** As shown to the user: XXXX-XXXX, easier to read off a screen and type. */
export function displayUserCode(code: string): string {
  const half = USER_CODE_LENGTH / 2;
  return `${code.slice(0, half)}-${code.slice(half)}`;
}

/**
 * What the user typed, as the code it would be: upper case, without dashes and blanks; undefined
 * when it cannot be one of ours (wrong length or a letter outside the alphabet), so it is refused
 * without a lookup. https://www.rfc-editor.org/rfc/rfc8628#section-6.1
 */
export function normalizeUserCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== USER_CODE_LENGTH) return undefined;
  for (const c of code) if (!USER_CODE_ALPHABET.includes(c)) return undefined;
  return code;
}
