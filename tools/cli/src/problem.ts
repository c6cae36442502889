/** The RFC 7807 problem an admin API answers a refused request with, as far as the CLI reads it. */
interface Problem {
  title?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/**
 * What a refused request prints: the status, the problem's title and detail, and each refused field
 * on a line of its own.
 */
export function describeRefusal(
  method: string,
  path: string,
  status: number,
  text: string,
  parsed: unknown,
): string {
  const problem = parsed as Problem | undefined;
  const fields = problem?.errors?.map((e) => `${e.field}: ${e.message}`) ?? [];
  const title = problem?.title ? ` ${problem.title}` : '';
  const detail = problem?.detail === undefined ? text : detailBeyond(problem.detail, fields);
  return `${method} ${path} answered ${status}${title}${detail ? `: ${detail}` : ''}${fields.map((f) => `\n  ${f}`).join('')}`;
}

/**
 * The detail, unless it only repeats the fields listed below it: a validation problem's detail is
 * its field list in one line, and printing both showed every field twice.
 */
function detailBeyond(detail: string, fields: string[]): string {
  const rest = fields.reduce((left, field) => left.replace(field, ''), detail);
  return /[^\s;,.]/.test(rest) ? detail : '';
}
