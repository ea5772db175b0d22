import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Every error the API can answer with, and the HTTP status it maps to. */
export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  stale_id: 409,
  /** Bigger than the bridge handles: an outgoing message's attachments, the request body, a remote image over 5 MB. */
  too_large: 413,
  mail_server: 502,
  auth_failed: 502,
  smtp_failed: 502,
  remote_failed: 502,
  /** A sign-in server (OAuth2 token or device endpoint) refused or could not be reached. */
  oauth_failed: 502,
  not_connected: 503,
  internal: 500,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof errorStatus;

/** The one error body shape: `{"error":{"code","message"}}`. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** The one error type thrown inside the bridge; `app.onError` renders it. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get status(): ContentfulStatusCode {
    return errorStatus[this.code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

/** Works across module copies and realms: checks the shape, not only the prototype. */
export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError || (value instanceof Error && value.name === 'ApiError' && 'code' in value);
}
