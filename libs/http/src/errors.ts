/** A field-level complaint, so a client can point at the input that was wrong. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * The one error type handlers throw. `expose` says whether `detail` is safe to show the
 * caller; unexpected errors become a generic 500 whose detail stays in the logs.
 * `format` picks the wire shape: RFC 7807 problem JSON, or RFC 6749 error JSON on OAuth endpoints.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly options: {
      expose?: boolean;
      format?: 'problem' | 'oauth';
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
