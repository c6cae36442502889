/** A field-level complaint, so a client can point at the input that was wrong. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * The one error type handlers throw. `expose` says whether `detail` is safe to show the
 * caller; unexpected errors become a generic 500 whose detail stays in the logs.
 * `format` picks the wire shape: RFC 7807 problem JSON, RFC 6749 error JSON on OAuth endpoints, or
 * the SCIM error of RFC 7644 section 3.12 (where `code` is the `scimType`, when there is one).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly options: {
      expose?: boolean;
      format?: 'problem' | 'oauth' | 'scim';
      errors?: FieldError[];
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail);
    this.name = 'HttpError';
  }

  get expose(): boolean {
    return this.options.expose ?? this.status < 500;
  }
}

const make =
  (status: number, code: string) =>
  (detail: string, options?: HttpError['options']): HttpError =>
    new HttpError(status, code, detail, options);

/** RFC 7807 problems by name. `code` doubles as the last segment of the problem `type` URI. */
export const Problems = {
  badRequest: make(400, 'bad_request'),
  validation: (errors: FieldError[]): HttpError =>
    new HttpError(400, 'validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
      errors,
    }),
  unauthorized: make(401, 'unauthorized'),
  forbidden: make(403, 'forbidden'),
  notFound: make(404, 'not_found'),
  methodNotAllowed: make(405, 'method_not_allowed'),
  conflict: make(409, 'conflict'),
  payloadTooLarge: make(413, 'payload_too_large'),
  unsupportedMediaType: make(415, 'unsupported_media_type'),
  tooManyRequests: make(429, 'too_many_requests'),
  unavailable: make(503, 'service_unavailable'),
};

/**
 * OAuth 2.0 error responses (RFC 6749 section 5.2 and OpenID Connect Core 3.1.2.6).
 * https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
const oauth =
  (status: number, code: string) =>
  (description: string, headers?: Record<string, string>): HttpError =>
    new HttpError(status, code, description, { format: 'oauth', expose: true, headers });

export const OAuthErrors = {
  invalidRequest: oauth(400, 'invalid_request'),
  invalidClient: oauth(401, 'invalid_client'),
  invalidGrant: oauth(400, 'invalid_grant'),
  unauthorizedClient: oauth(400, 'unauthorized_client'),
  unsupportedGrantType: oauth(400, 'unsupported_grant_type'),
  invalidScope: oauth(400, 'invalid_scope'),
  /** RFC 8707 section 2: the requested resource is unknown or not one this client may target. */
  invalidTarget: oauth(400, 'invalid_target'),
  invalidToken: oauth(401, 'invalid_token'),
  serverError: oauth(500, 'server_error'),
};

/**
 * SCIM errors (RFC 7644 section 3.12): the `scimType` is the code, for the statuses that define one.
 * https://www.rfc-editor.org/rfc/rfc7644#section-3.12
 */
const scim =
  (status: number, scimType: string) =>
  (detail: string, headers?: Record<string, string>): HttpError =>
    new HttpError(status, scimType, detail, { format: 'scim', expose: true, headers });

export const ScimErrors = {
  invalidFilter: scim(400, 'invalidFilter'),
  tooMany: scim(400, 'tooMany'),
  uniqueness: scim(409, 'uniqueness'),
  mutability: scim(409, 'mutability'),
  invalidSyntax: scim(400, 'invalidSyntax'),
  invalidPath: scim(400, 'invalidPath'),
  noTarget: scim(400, 'noTarget'),
  invalidValue: scim(400, 'invalidValue'),
  invalidVers: scim(400, 'invalidVers'),
  notFound: scim(404, 'not_found'),
  preconditionFailed: scim(412, 'precondition_failed'),
};

/** The scimType values of RFC 7644 table 9; other codes are rendered without one. */
export const SCIM_TYPES: ReadonlySet<string> = new Set([
  'invalidFilter',
  'tooMany',
  'uniqueness',
  'mutability',
  'invalidSyntax',
  'invalidPath',
  'noTarget',
  'invalidValue',
  'invalidVers',
  'sensitive',
]);
