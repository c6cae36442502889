import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let list: ReadonlySet<string> | undefined;

/** The shipped list (libs/identity/src/data/common-passwords.txt), read once: passwords are never checked against a remote service. */
function commonPasswords(): ReadonlySet<string> {
  list ??= new Set(
    readFileSync(join(__dirname, 'data', 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
  return list;
}

/** Case-insensitive: `Password1` is as guessable as `password1`. */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}
