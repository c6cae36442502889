import Handlebars from 'handlebars';

/** A place in a template source, 1-based as editors show it. */
export interface SourcePosition {
  line: number;
  column: number;
}

export interface TemplateProblem {
  message: string;
}

/** What a template source uses: the variables it reads, and anything it may not do. */
export interface HandlebarsUsage {
  variables: Set<string>;
  problems: TemplateProblem[];
}

const CONDITIONALS = new Set(['if', 'unless']);

const at = (loc: hbs.AST.SourceLocation): string => `line ${loc.start.line}, column ${loc.start.column + 1}`;

/**
 * Reads a template the way the renderer will run it, and refuses what could leak or surprise:
 * unescaped output (`{{{ }}}`, `{{& }}`) would let a user's name inject markup; partials,
 * helpers and decorators would run code the platform did not vet. Only `#if`/`#unless` (with
 * `else`) on one known variable remain.
 */
export function handlebarsUsage(source: string, known: ReadonlySet<string>): HandlebarsUsage {
  const usage: HandlebarsUsage = { variables: new Set(), problems: [] };
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
  } catch (e) {
    usage.problems.push({
      message: `template syntax: ${(e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ')}`,
    });
    return usage;
  }
  const variable = (expr: hbs.AST.Expression, where: hbs.AST.SourceLocation): void => {
    if (expr.type !== 'PathExpression') {
      usage.problems.push({ message: `only variables may appear inside {{ }} (${at(where)})` });
      return;
    }
    const path = expr as hbs.AST.PathExpression;
    const name = path.parts.join('.');
    if (path.data || path.depth > 0 || !known.has(name)) {
      usage.problems.push({ message: `unknown variable {{${path.original}}} (${at(where)})` });
      return;
    }
    usage.variables.add(name);
  };
  const noArguments = (node: { params: hbs.AST.Expression[]; hash?: hbs.AST.Hash }): boolean =>
    node.params.length === 0 && (node.hash?.pairs.length ?? 0) === 0;

  const visit = (node: hbs.AST.Program | undefined): void => {
    for (const statement of node?.body ?? []) {
      switch (statement.type) {
        case 'ContentStatement':
        case 'CommentStatement':
          break;
        case 'MustacheStatement': {
          const m = statement as hbs.AST.MustacheStatement;
          if (!noArguments(m)) {
            usage.problems.push({ message: `helpers are not allowed, only variables (${at(m.loc)})` });
            break;
          }
          if (!m.escaped) {
            usage.problems.push({
              message: `unescaped output ({{{ }}} or {{& }}) is not allowed, values are always escaped (${at(m.loc)})`,
            });
          }
          // Still read: the fault is the stash, and "missing {{link}}" next to it would mislead.
          variable(m.path, m.loc);
          break;
        }
        case 'BlockStatement': {
          const b = statement as hbs.AST.BlockStatement;
          const helper = b.path.original;
          if (!CONDITIONALS.has(helper) || b.params.length !== 1 || (b.hash?.pairs.length ?? 0) > 0) {
            usage.problems.push({
              message: `only {{#if variable}} and {{#unless variable}} blocks are allowed, not {{#${helper}}} (${at(b.loc)})`,
            });
            break;
          }
          variable(b.params[0] as hbs.AST.Expression, b.loc);
          visit(b.program);
          visit(b.inverse);
          break;
        }
        case 'PartialStatement':
        case 'PartialBlockStatement':
          usage.problems.push({ message: `partials are not allowed (${at(statement.loc)})` });
          break;
        default:
          usage.problems.push({ message: `${statement.type} is not allowed (${at(statement.loc)})` });
      }
    }
  };
  visit(program);
  return usage;
}
