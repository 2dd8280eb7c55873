import 'server-only';
import { UserFacingError } from '@/lib/errors';

/**
 * An uploaded document was refused: unsupported type, over a size limit, encrypted, damaged, or
 * without text. The message says which and what to do, and is shown to the uploader as is.
 */
export class DocumentRejectedError extends UserFacingError {
  constructor(message: string) {
    super(message, 422);
    this.name = 'DocumentRejectedError';
  }
}

/**
 * PDF extraction needs an npm package that is not installed: an operator problem, not the
 * uploader's, so it is not user-facing (log it, show the generic error).
 */
export class PdfSupportMissingError extends Error {
  constructor(packageName: string, options?: { cause?: unknown }) {
    super(`PDF extraction needs the npm package ${packageName}, which is not installed.`, options);
    this.name = 'PdfSupportMissingError';
  }
}
