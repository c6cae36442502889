/** `--name value` and `--flag` options, and the positional words before them. */
export interface ParsedArgs {
  words: string[];
  options: Record<string, string>;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const words: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const next = argv[i + 1];
    if (inline !== undefined) options[name] = inline;
    else if (next !== undefined && !next.startsWith('--')) options[name] = argv[++i]!;
    else options[name] = 'true';
  }
  return { words, options };
}

/** Repeated values as a comma-separated option: `--redirect-uri a,b`. */
export const listOption = (value: string | undefined): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
