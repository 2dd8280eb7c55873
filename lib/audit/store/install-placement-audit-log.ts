import 'server-only';
import { installAuditLogPort } from '@/lib/placement/audit-log-port';
import { copyAuditChain, digestAuditChain } from './audit-chain-copy';
import { assertAuditChainLocation, releaseSharedAuditChain, setAuditChainFrozen } from './audit-chain-freeze';
import { PLATFORM_CHAIN_ID } from './audit-transaction';
import { recordAuditEvent, requestAuditOutboxRelay } from './record-event';

/**
 * Gives lib/placement its audit log (audit-log-port.ts): every process that provisions, migrates,
 * upgrades or destroys placements calls this once when it starts (the console's instrumentation,
 * the placement worker and the scripts, the test runner). Calling it again changes nothing.
 */
export function installPlacementAuditLog(): void {
  installAuditLogPort({
    platformChainId: PLATFORM_CHAIN_ID,
    record: recordAuditEvent,
    setChainFrozen: setAuditChainFrozen,
    assertChainLocation: assertAuditChainLocation,
    copyChain: copyAuditChain,
    digestChain: digestAuditChain,
    releaseSharedChain: releaseSharedAuditChain,
    requestOutboxRelay: requestAuditOutboxRelay,
  });
}
