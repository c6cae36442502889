import type { ParsedArgs } from './args';

/** A word as a POSIX shell reads it back: bare when nothing in it is special, else single-quoted. */
const shellWord = (word: string) =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * The command line that fetches the page after this answer, or undefined on the last page: the same
 * command and options, with the answer's `next` as `--cursor`.
 */
export function nextPageCommand(args: ParsedArgs, answer: unknown): string | undefined {
  const next = (answer as { next?: unknown } | null | undefined)?.next;
  if (typeof next !== 'string') return undefined;
  const options = Object.entries({ ...args.options, cursor: next }).flatMap(([name, value]) =>
    value === 'true' ? [`--${name}`] : [`--${name}`, value],
  );
  return ['idaas', ...args.words, ...options].map(shellWord).join(' ');
}
