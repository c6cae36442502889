import { invalidFilter } from '../scim-problem';
import { COMPARE_OPS, type AttributePath, type CompareOp, type Filter, type FilterValue } from './filter';
import { tokenize, type Token } from './tokenize';

/** Longer filters are refused before parsing; nothing legitimate comes close. */
export const MAX_FILTER_LENGTH = 2000;
/** Nesting depth of parentheses, brackets and `not`, so a hostile filter cannot exhaust the stack. */
const MAX_DEPTH = 20;

const ATTR_PATH = /^(?:(urn:[A-Za-z0-9:._-]+):)?([A-Za-z][\w$-]*(?:\.[A-Za-z][\w$-]*)?)$/;

/**
 * Parses a SCIM filter (RFC 7644 section 3.4.2.2) into a tree. Precedence, tightest first:
 * parentheses and `not`, then `and`, then `or`; keywords and operators are case-insensitive.
 * Anything else is an `invalidFilter` ScimProblem saying where.
 * https://www.rfc-editor.org/rfc/rfc7644#section-3.4.2.2
 */
export function parseFilter(input: string): Filter {
  if (input.length > MAX_FILTER_LENGTH)
    throw invalidFilter(`A filter has at most ${MAX_FILTER_LENGTH} characters.`);
  const parser = new FilterParser(tokenize(input));
  const filter = parser.or(0);
  parser.end();
  return filter;
}

/** `emails`, `name.givenName` or `urn:...:User:name.givenName`, lower-cased. */
export function parseAttributePath(text: string): AttributePath | undefined {
  const m = ATTR_PATH.exec(text);
  if (!m) return undefined;
  return { ...(m[1] ? { schema: m[1] } : {}), attribute: m[2]!.toLowerCase() };
}

class FilterParser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  end(): void {
    const t = this.tokens[this.i];
    if (t) throw invalidFilter(`Unexpected ${describe(t)} at position ${t.at + 1}.`);
  }

  or(depth: number): Filter {
    let left = this.and(depth);
    while (this.keyword('or')) left = { kind: 'or', left, right: this.and(depth) };
    return left;
  }

  private and(depth: number): Filter {
    let left = this.unary(depth);
    while (this.keyword('and')) left = { kind: 'and', left, right: this.unary(depth) };
    return left;
  }

  private unary(depth: number): Filter {
    if (depth > MAX_DEPTH) throw invalidFilter(`A filter nests at most ${MAX_DEPTH} levels.`);
    if (this.keyword('not')) {
      this.expect('(', 'after not');
      const filter = this.or(depth + 1);
      this.expect(')', 'to close not (');
      return { kind: 'not', filter };
    }
    if (this.peek()?.type === '(') {
      this.i++;
      const filter = this.or(depth + 1);
      this.expect(')', 'to close (');
      return filter;
    }
    return this.attributeExpression(depth);
  }

  /** `attrPath op value`, `attrPath pr`, or the value path `attrPath[filter]`. */
  private attributeExpression(depth: number): Filter {
    const t = this.next('an attribute');
    if (t.type !== 'word')
      throw invalidFilter(`Expected an attribute at position ${t.at + 1}, found ${describe(t)}.`);
    const path = parseAttributePath(t.text);
    if (!path) throw invalidFilter(`'${t.text}' is not an attribute path.`);
    if (this.peek()?.type === '[') {
      this.i++;
      if (path.attribute.includes('.')) throw invalidFilter(`'${t.text}' cannot take a [filter].`);
      const inner = this.or(depth + 1);
      this.expect(']', 'to close [');
      return withParent(inner, path);
    }
    const opToken = this.next(`an operator after '${t.text}'`);
    const op = opToken.type === 'word' ? opToken.text.toLowerCase() : '';
    if (op === 'pr') return { kind: 'present', path };
    if (!(COMPARE_OPS as readonly string[]).includes(op))
      throw invalidFilter(`Unknown operator ${describe(opToken)} at position ${opToken.at + 1}.`);
    return { kind: 'compare', path, op: op as CompareOp, value: this.value() };
  }

  private value(): FilterValue {
    const t = this.next('a value');
    if (t.type === 'string' || t.type === 'number') return t.value;
    if (t.type === 'word') {
      const w = t.text.toLowerCase();
      if (w === 'true') return true;
      if (w === 'false') return false;
      if (w === 'null') return null;
    }
    throw invalidFilter(
      `Expected a value (a "string", number, true, false or null) at position ${t.at + 1}.`,
    );
  }

  private keyword(word: string): boolean {
    const t = this.peek();
    if (t?.type === 'word' && t.text.toLowerCase() === word) {
      this.i++;
      return true;
    }
    return false;
  }

  private expect(type: '(' | ')' | ']', why: string): void {
    const t = this.next(`'${type}' ${why}`);
    if (t.type !== type) throw invalidFilter(`Expected '${type}' ${why} at position ${t.at + 1}.`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private next(what: string): Token {
    const t = this.tokens[this.i++];
    if (!t) throw invalidFilter(`The filter ends where ${what} was expected.`);
    return t;
  }
}

/** `emails[type eq "work"]` filters sub-attributes: its paths become `emails.type`. */
function withParent(filter: Filter, parent: AttributePath): Filter {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return { ...filter, left: withParent(filter.left, parent), right: withParent(filter.right, parent) };
    case 'not':
      return { ...filter, filter: withParent(filter.filter, parent) };
    default:
      if (filter.path.attribute.includes('.') || filter.path.schema)
        throw invalidFilter(
          `'${filter.path.attribute}' inside ${parent.attribute}[...] must be a sub-attribute name.`,
        );
      return { ...filter, path: { ...parent, attribute: `${parent.attribute}.${filter.path.attribute}` } };
  }
}

function describe(t: Token): string {
  if (t.type === 'word') return `'${t.text}'`;
  if (t.type === 'string') return `"${t.value}"`;
  if (t.type === 'number') return String(t.value);
  return `'${t.type}'`;
}
