/**
 * A SCIM error of the domain (RFC 7644 section 3.12), free of HTTP plumbing: the routes turn it
 * into the wire error. `scimType` is one of the spec's codes.
 */
export class ScimProblem extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 412,
    readonly scimType:
      | 'invalidFilter'
      | 'invalidPath'
      | 'noTarget'
      | 'invalidValue'
      | 'invalidSyntax'
      | 'mutability'
      | 'uniqueness'
      | 'not_found'
      | 'precondition_failed',
    detail: string,
  ) {
    super(detail);
    this.name = 'ScimProblem';
  }
}

export const invalidFilter = (detail: string) => new ScimProblem(400, 'invalidFilter', detail);
export const invalidPath = (detail: string) => new ScimProblem(400, 'invalidPath', detail);
export const noTarget = (detail: string) => new ScimProblem(400, 'noTarget', detail);
export const invalidValue = (detail: string) => new ScimProblem(400, 'invalidValue', detail);
