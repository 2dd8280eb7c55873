import 'server-only';
import { UserFacingError } from '@/lib/errors';

/** The tenant's log is being moved to another tier: its copies are frozen, so nothing may be cut from them. */
export class RetentionUnavailableError extends UserFacingError {
  constructor() {
    super("This tenant's audit log is being moved to another isolation tier. Apply retention once the move has finished.", 409);
    this.name = 'RetentionUnavailableError';
  }
}

/** The seq to cut through is not in the log (never written, or already removed by an earlier retention). */
export class RetentionSeqNotFoundError extends UserFacingError {
  constructor(throughSeq: number) {
    super(`This tenant's audit log has no event ${throughSeq} to cut through.`, 404);
    this.name = 'RetentionSeqNotFoundError';
  }
}
