import Handlebars from 'handlebars';
import type { MessageValues } from './kinds';
import type { MessageTemplate } from './template';

export type RenderedMessage = MessageTemplate;

// An environment of our own: nothing registered elsewhere (helpers, partials) reaches templates.
const handlebars = Handlebars.create();

type Compiled = (context: object) => string;

const MAX_CACHED = 1000;
const cache = new Map<string, Compiled>();

/** Compiling is the expensive step, and the same templates render over and over. */
function compiled(source: string, escape: boolean): Compiled {
  const key = `${escape ? 'h' : 't'}:${source}`;
  let fn = cache.get(key);
  if (!fn) {
    fn = handlebars.compile(source, {
      noEscape: !escape,
      strict: false,
      knownHelpers: { if: true, unless: true },
      knownHelpersOnly: true,
    });
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(key, fn);
  }
  return fn;
}

/** `{'user.name': 'Ada'}` becomes `{user: {name: 'Ada'}}`, the shape `{{user.name}}` reads. */
function nested(values: MessageValues): object {
  const root: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const path = name.split('.');
    let node = root;
    for (const segment of path.slice(0, -1)) {
      const next = node[segment];
      node = (typeof next === 'object' && next !== null ? next : (node[segment] = {})) as Record<
        string,
        unknown
      >;
    }
    node[path[path.length - 1] as string] = value;
  }
  return root;
}

/**
 * Renders a validated template. HTML gets every value escaped; text and subject take values as
 * they are (escaping there would show `&amp;` to the reader), and the subject loses line breaks
 * so a value cannot add mail headers.
 */
export function renderMessage(template: MessageTemplate, values: MessageValues): RenderedMessage {
  const context = nested(values);
  return {
    subject: compiled(template.subject, false)(context).replace(/[\r\n]+/g, ' '),
    html: compiled(template.html, true)(context),
    text: compiled(template.text, false)(context),
  };
}
