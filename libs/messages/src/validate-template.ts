import { handlebarsUsage } from './handlebars-usage';
import { variablesOf, type MessageKind } from './kinds';
import { markupProblems } from './markup';
import type { MessageTemplate, TemplatePart } from './template';

export interface TemplateFieldProblem {
  /** The part of the template at fault. */
  part: TemplatePart;
  message: string;
}

export const SUBJECT_MAX_LENGTH = 200;

/** The bodies are whole messages on their own (plain-text mail clients show only `text`). */
const BODIES: readonly TemplatePart[] = ['html', 'text'];

/**
 * Everything wrong with a template of this kind, so it is refused when saved rather than
 * failing when a user is waiting for their email. Empty when it may be saved.
 */
export function validateTemplate(kind: MessageKind, template: MessageTemplate): TemplateFieldProblem[] {
  const variables = variablesOf(kind);
  const known = new Set(variables.map((v) => v.name));
  const problems: TemplateFieldProblem[] = [];
  const parts: TemplatePart[] = ['subject', 'html', 'text'];
  for (const part of parts) {
    const source = template[part];
    const usage = handlebarsUsage(source, known);
    problems.push(...usage.problems.map((p) => ({ part, message: p.message })));
    const parsed = !usage.problems.some((p) => p.message.startsWith('template syntax'));
    if (parsed && BODIES.includes(part)) {
      for (const v of variables) {
        if (v.required && !usage.variables.has(v.name))
          problems.push({ part, message: `missing required variable {{${v.name}}} (${v.description})` });
      }
    }
  }
  if (/[\r\n]/.test(template.subject)) problems.push({ part: 'subject', message: 'must be a single line' });
  if (template.subject.length > SUBJECT_MAX_LENGTH)
    problems.push({ part: 'subject', message: `at most ${SUBJECT_MAX_LENGTH} characters` });
  if (template.subject.trim() === '') problems.push({ part: 'subject', message: 'must not be empty' });
  problems.push(...markupProblems(template.html).map((message) => ({ part: 'html' as const, message })));
  return problems;
}
