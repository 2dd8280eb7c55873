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

const ENDS_WITH_REFERENCE = /Reference: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.?$/;
// What placement steps stored before failures carried a reference: already free of driver text.
const EARLIER_SAFE_FORM = /^[a-z_]+: failed; see the server log for operation [0-9a-f-]{36}$/;

/**
 * A failure stored on a job or operation row, as tenant users may see it. What the code writes now
 * ends with a reference (the detail is in the server log under it); any other stored text, such as
 * driver or placement errors that rows written by earlier versions still hold, is replaced by
 * `sentence` and the row's own id as the reference.
 */
export function presentStoredFailure(stored: string | null, fallback: { sentence: string; reference: string }): string | null {
  if (stored === null) return null;
  if (ENDS_WITH_REFERENCE.test(stored) || EARLIER_SAFE_FORM.test(stored)) return stored;
  return `${fallback.sentence} Reference: ${fallback.reference}`;
}
