import 'server-only';
import { UserFacingError } from '@/lib/errors';

/**
 * The chain an appender reached refuses appends: it is being copied to another tier, or it is the
 * copy the log moved away from (lib/audit/store/audit-chain-freeze.ts). The event is not written and
 * the caller fails closed; record-event.ts first retries once at the tenant's current placement.
 */
export class AuditChainFrozenError extends UserFacingError {
  constructor() {
    super("This tenant's audit log is being moved to its new isolation tier. Try again in a minute.", 409);
    this.name = 'AuditChainFrozenError';
  }
}
