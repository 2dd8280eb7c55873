import 'server-only';
/**
 * An expected failure whose message is written for the person who caused it and is safe to show.
 * Anything that is not a UserFacingError is logged with a request id and shown generically.
 */
export class UserFacingError extends Error {
  constructor(
    message: string,
    /** HTTP status for route handlers; server actions return the message as `{ error }`. */
    readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 429 = 400,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** Thrown when the caller may not see the thing at all: rendered as 404 so existence is not revealed. */
export class NotFoundError extends UserFacingError {
  constructor(message = 'Not found') {
    super(message, 404);
    this.name = 'NotFoundError';
  }
}

/** No signed-in principal (or an expired or revoked session). */
export class UnauthenticatedError extends UserFacingError {
  constructor(message = 'Sign in to continue.') {
    super(message, 401);
    this.name = 'UnauthenticatedError';
  }
}

/** Signed in, and allowed to see the tenant, but not to do this. */
export class ForbiddenError extends UserFacingError {
  constructor(message = 'You do not have permission to do that.') {
    super(message, 403);
    this.name = 'ForbiddenError';
  }
}
