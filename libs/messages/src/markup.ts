import { parseFragment } from 'parse5';

// Elements that never have an end tag. https://html.spec.whatwg.org/multipage/syntax.html#void-elements
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

interface ParsedNode {
  nodeName: string;
  tagName?: string;
  childNodes?: ParsedNode[];
  sourceCodeLocation?: {
    startLine: number;
    startCol: number;
    endTag?: { startOffset: number };
  } | null;
}

/**
 * Refuses HTML a mail client would repair in its own way: parser errors (an unclosed `<div`),
 * elements never closed (`<p><b>x</p>`: browsers guess, mail clients guess differently), and
 * end tags that close nothing. Handlebars placeholders are plain text to the HTML parser.
 */
export function markupProblems(html: string): string[] {
  const problems: string[] = [];
  const fragment = parseFragment(html, {
    sourceCodeLocationInfo: true,
    onParseError: (e) => problems.push(`markup: ${e.code} at line ${e.startLine}, column ${e.startCol}`),
  }) as unknown as ParsedNode;
  const closedAt = new Set<number>();
  const walk = (node: ParsedNode): void => {
    for (const child of node.childNodes ?? []) {
      const loc = child.sourceCodeLocation;
      if (child.tagName && loc) {
        if (loc.endTag) closedAt.add(loc.endTag.startOffset);
        else if (!VOID.has(child.tagName))
          problems.push(
            `markup: <${child.tagName}> at line ${loc.startLine}, column ${loc.startCol} is never closed`,
          );
      }
      if (child.nodeName !== '#comment') walk(child);
      // <template> keeps its children in a separate fragment.
      const content = (child as { content?: ParsedNode }).content;
      if (content) walk(content);
    }
  };
  walk(fragment);
  // Comments may mention tags; blank them out, keeping offsets, before looking for end tags.
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, (c) => ' '.repeat(c.length));
  for (const m of withoutComments.matchAll(/<\/([A-Za-z][A-Za-z0-9-]*)\s*>/g)) {
    if (m.index !== undefined && !closedAt.has(m.index)) {
      const before = html.slice(0, m.index).split('\n');
      problems.push(
        `markup: </${m[1]?.toLowerCase()}> at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1} closes nothing`,
      );
    }
  }
  return problems;
}
