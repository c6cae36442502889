import { invalidFilter } from '../scim-problem';

export type Token =
  | { type: '(' | ')' | '[' | ']'; at: number }
  | { type: 'word'; text: string; at: number }
  | { type: 'string'; value: string; at: number }
  | { type: 'number'; value: number; at: number };

/** Attribute paths, operators and keywords: letters, digits and the characters of schema URNs. */
const WORD = /[A-Za-z0-9_$.:-]/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** Splits a filter into tokens; strings are JSON strings (RFC 7644 section 3.4.2.2, `compValue`). */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '(' || c === ')' || c === '[' || c === ']') {
      tokens.push({ type: c, at: i });
      i++;
    } else if (c === '"') {
      const end = closingQuote(input, i);
      try {
        tokens.push({ type: 'string', value: JSON.parse(input.slice(i, end + 1)) as string, at: i });
      } catch {
        throw invalidFilter(`Malformed string at position ${i + 1}.`);
      }
      i = end + 1;
    } else if (WORD.test(c)) {
      const start = i;
      while (i < input.length && WORD.test(input[i]!)) i++;
      const text = input.slice(start, i);
      if (NUMBER.test(text)) tokens.push({ type: 'number', value: Number(text), at: start });
      else tokens.push({ type: 'word', text, at: start });
    } else {
      throw invalidFilter(`Unexpected character '${c}' at position ${i + 1}.`);
    }
  }
  return tokens;
}

function closingQuote(input: string, open: number): number {
  for (let i = open + 1; i < input.length; i++) {
    if (input[i] === '\\') i++;
    else if (input[i] === '"') return i;
  }
  throw invalidFilter(`Unterminated string starting at position ${open + 1}.`);
}
