import { html, type SafeHtml } from '@idaas/pages';

export interface FieldModel {
  name: string;
  label: string;
  type: 'email' | 'password' | 'text';
  autocomplete: string;
  value?: string;
  required?: boolean;
  /** Shown under the label and tied to the input, e.g. the password rules. */
  hint?: string;
  /** The rule the input broke: announced, and tied to the input with aria-describedby. */
  error?: string;
  inputmode?: 'numeric';
  pattern?: string;
  autofocus?: boolean;
}

/** A labelled input whose hint and error a screen reader reads with it (WCAG 1.3.1, 3.3.1). */
export function field(f: FieldModel): SafeHtml {
  const hintId = f.hint ? `${f.name}-hint` : undefined;
  const errorId = f.error ? `${f.name}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ');
  return html`<label for="${f.name}">${f.label}</label>
    ${f.hint ? html`<p id="${hintId}" class="hint">${f.hint}</p>` : ''}
    ${f.error ? html`<p id="${errorId}" class="error">${f.error}</p>` : ''}
    <input
      id="${f.name}"
      name="${f.name}"
      type="${f.type}"
      autocomplete="${f.autocomplete}"
      ${f.type === 'password' ? '' : html`value="${f.value ?? ''}"`}${f.required ? html` required` : ''}${
        f.inputmode ? html` inputmode="${f.inputmode}"` : ''
      }${f.pattern ? html` pattern="${f.pattern}"` : ''}${
        describedBy ? html` aria-describedby="${describedBy}"` : ''
      }${f.error ? html` aria-invalid="true"` : ''}${f.autofocus ? html` autofocus` : ''}
    />`;
}

/** The hidden inputs every form carries: the CSRF token and whatever state the page passes on. */
export function hidden(fields: Record<string, string | undefined>): SafeHtml {
  return html`${Object.entries(fields)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}`;
}
