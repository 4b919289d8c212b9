/**
 * The error registry: every error a client can see has a code, an HTTP status and a message
 * template. Edges throw `AppError`; one place (`toErrorResponse`) turns anything thrown into JSON.
 */
export const ERROR_REGISTRY = {
  invalid_json: { status: 400, message: 'The request body is not valid JSON' },
  invalid_body: { status: 400, message: 'The request body is invalid' },
  invalid_event: { status: 400, message: 'The event is invalid' },
  invalid_parameter: { status: 400, message: 'A parameter is invalid' },
  unsupported_encoding: { status: 415, message: 'Unsupported Content-Encoding' },
  payload_too_large: { status: 413, message: 'The request is too large' },
  missing_key: { status: 401, message: 'An API key or a signed-in session is required' },
  unknown_key: { status: 401, message: 'The API key is not known or was revoked' },
  invalid_session: { status: 401, message: 'The session is not known or has expired; sign in again' },
  invalid_credentials: { status: 401, message: 'The e-mail address or the password is wrong' },
  invalid_setup_token: { status: 401, message: 'The set-up token is not known, already used or expired' },
  forbidden: { status: 403, message: 'These credentials do not give access to this resource' },
  csrf_rejected: { status: 403, message: 'The request was refused as a possible cross-site request' },
  not_found: { status: 404, message: 'Not found' },
  conflict: { status: 409, message: 'Conflict' },
  rate_limited: { status: 429, message: 'Too many attempts; retry later' },
  store_unavailable: {
    status: 503,
    message: 'The event store is unavailable; nothing was stored, retry later',
  },
  internal: { status: 500, message: 'Internal error' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof ERROR_REGISTRY

export interface ErrorDetail {
  /** Path of the offending field, e.g. `batch[3].timestamp`. */
  field?: string
  reason: string
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly details: ErrorDetail[]
  /** Sent as `Retry-After` (seconds) with a 429 or 503. */
  readonly retryAfterSeconds: number | undefined

  constructor(
    code: ErrorCode,
    message?: string,
    details: ErrorDetail[] = [],
    options: { retryAfterSeconds?: number } = {},
  ) {
    super(message ?? ERROR_REGISTRY[code].message)
    this.name = 'AppError'
    this.code = code
    this.status = ERROR_REGISTRY[code].status
    this.details = details
    this.retryAfterSeconds = options.retryAfterSeconds
  }
}

export interface ErrorBody {
  success: false
  error: { code: ErrorCode; message: string; details: ErrorDetail[] }
}

/** Normalises anything thrown into the one error body shape. Unknown throws become `internal`. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody } {
  const appError = err instanceof AppError ? err : new AppError('internal')
  return {
    status: appError.status,
    body: {
      success: false,
      error: { code: appError.code, message: appError.message, details: appError.details },
    },
  }
}
