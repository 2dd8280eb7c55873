import 'server-only';
import { requestAuditOutboxRelay } from './record-event';

// The held transaction may still be open when the first attempt runs, and it can last up to the
// 10 s transaction timeout; a relay that finds nothing costs one short query.
const RELAY_ATTEMPTS_MS = [200, 2_000, 12_000];

/**
 * Relays the tenant's held events after the holding transaction commits. Best effort by design:
 * whatever is left stays held (never lost) until the next relay, which every read of the chain
 * and the end of every log migration also request.
 */
export function scheduleOutboxRelay(tenantId: string): void {
  for (const delay of RELAY_ATTEMPTS_MS) {
    setTimeout(() => void requestAuditOutboxRelay(tenantId), delay).unref();
  }
}
