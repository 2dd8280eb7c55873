import 'server-only';
import type { TenantSqlClient } from '@/lib/tenancy/with-tenant-sql';
import type { AuditChainStore } from './chain-store-types';
import { copyHashedStoredEvents } from './copy-hashed-stored-events';
import { getLogLocation } from './log-location';
import { inPlacedChainSqlTransaction, inPlacedChainTransaction } from './placed-chain-transaction';
import { requestAuditOutboxRelay } from './record-event';
import { createSharedTableChainStore, type ChainTransaction } from './shared-table-chain-store';

/**
 * The tenant's chain wherever its log tier puts it: the shared audit tables (namespace) or the same
 * tables in its own schema (schema_kms) or database (dedicated), as that placement's role. The
 * placement is read afresh on every call, so a reader never looks at a copy a migration left behind;
 * a stream keeps the copy it started on (the old copy is complete until the switch).
 */
export function createPlacedChainStore(tenantId: string): AuditChainStore {
  const pick = async (options: { relayHeld?: boolean } = {}): Promise<AuditChainStore> => {
    const location = await getLogLocation(tenantId);
    // A tenant whose log ever had a placement may have admin-change events held in the outbox:
    // the viewer and the verifier see them once they are in the chain, so move them first.
    if (options.relayHeld && location.placement.isRecorded) await requestAuditOutboxRelay(tenantId);
    if (!location.target) return createSharedTableChainStore(tenantId);
    return createSharedTableChainStore(tenantId, {
      inTenantTransaction: (work) => inPlacedChainTransaction(location, (tx) => work(tx as unknown as ChainTransaction)),
    });
  };
  return {
    tenantId,
    findEvents: async (query) => (await pick({ relayHeld: query.beforeSeq === undefined })).findEvents(query),
    // Requests are appended straight to the chain, never held in the outbox: nothing to relay first.
    findRequests: async (query) => (await pick()).findRequests(query),
    findRecentRequestFacets: async () => (await pick()).findRecentRequestFacets(),
    async *streamEvents(options) {
      yield* (await pick({ relayHeld: true })).streamEvents(options);
    },
    async *streamStoredEvents(options) {
      const location = await getLogLocation(tenantId);
      if (location.placement.isRecorded) await requestAuditOutboxRelay(tenantId);
      const inTenantTransaction = location.target
        ? <T>(work: (client: TenantSqlClient) => Promise<T>) => inPlacedChainSqlTransaction(location, work)
        : undefined;
      yield* copyHashedStoredEvents(tenantId, { ...options, inTenantTransaction });
    },
    getHead: async () => (await pick()).getHead(),
    // Kept in the control plane for every tier: no placement to look up.
    findCheckpoints: (options) => createSharedTableChainStore(tenantId).findCheckpoints(options),
    addCheckpoint: async (build) => (await pick()).addCheckpoint(build),
    getRetentionMark: async () => (await pick()).getRetentionMark(),
  };
}
