/**
 * One error hierarchy for the whole application. Use cases throw these; the HTTP layer maps them to
 * the documented error body in one place, so no handler builds an error response by hand.
 */
export type ErrorDetail = { path: string; message: string };

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly details: ErrorDetail[];
  readonly headers: Record<string, string>;

  /** `cause` keeps the original failure for logs; only message, code and details reach a client. */
  constructor(
    message: string,
    details: ErrorDetail[] = [],
    headers: Record<string, string> = {},
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
    this.headers = headers;
  }
}

export class ValidationError extends AppError {
  readonly status = 400;
  readonly code: string;
  constructor(message: string, details: ErrorDetail[] = [], code = "VALIDATION_FAILED") {
    super(message, details);
    this.code = code;
  }
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly code = "UNAUTHORIZED";
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = "FORBIDDEN";
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = "NOT_FOUND";
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly code: string;
  constructor(message: string, code = "CONFLICT") {
    super(message);
    this.code = code;
  }
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = "PAYLOAD_TOO_LARGE";
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly code = "UNSUPPORTED_MEDIA_TYPE";
}

export class BusinessRuleError extends AppError {
  readonly status = 422;
  readonly code: string;
  constructor(message: string, code = "BUSINESS_RULE_VIOLATED", details: ErrorDetail[] = []) {
    super(message, details);
    this.code = code;
  }
}

/** Too much from one caller: `Retry-After` says when the limit that refused it resets. */
export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly code: string;
  constructor(message: string, code: string, retryAfterSeconds: number, details: ErrorDetail[] = []) {
    super(message, details, { "retry-after": String(retryAfterSeconds) });
    this.code = code;
  }
}

export class DependencyUnavailableError extends AppError {
  readonly status = 503;
  readonly code = "DEPENDENCY_UNAVAILABLE";
  constructor(message: string, retryAfterSeconds = 5, cause?: unknown) {
    super(message, [], { "retry-after": String(retryAfterSeconds) }, { cause });
  }
}
