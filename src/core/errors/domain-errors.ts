export interface FieldError {
  field: string;
  message: string;
}

/**
 * A failure the client can act on. Each subclass has a stable `code` (the last segment of the
 * problem `type` URI) and an HTTP status; the problem filter turns any of them into problem+json.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  abstract readonly title: string;

  constructor(
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

export class InvalidInputError extends DomainError {
  readonly status = 400;
  readonly code = 'invalid-input';
  readonly title = 'Invalid input';
}

export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  readonly code = 'unauthenticated';
  readonly title = 'Missing or invalid API key';
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = 'forbidden';
  readonly title = 'Not allowed for this role';
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code = 'not-found';
  readonly title = 'Not found';

  static of(entity: string, id: string): NotFoundError {
    return new NotFoundError(`${entity} ${id} does not exist or is outside your scope`);
  }
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly code = 'conflict';
  readonly title = 'Conflict with the current state';
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly code = 'payload-too-large';
  readonly title = 'Request body too large';
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly code = 'unsupported-media-type';
  readonly title = 'Unsupported media type';
}

export class RuleViolationError extends DomainError {
  readonly status = 422;
  readonly code = 'rule-violation';
  readonly title = 'Refused by a domain rule';

  constructor(
    readonly rule: string,
    detail: string,
    errors?: FieldError[],
    /** More members of the problem, for a client to act on (the instant a stage is released). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail, errors);
  }
}

/** A service Fairshift depends on (the identity provider, say) cannot be reached just now. */
export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  readonly code = 'service-unavailable';
  readonly title = 'A dependency is unavailable';

  constructor(detail: string, options?: { cause?: unknown }) {
    super(detail);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
