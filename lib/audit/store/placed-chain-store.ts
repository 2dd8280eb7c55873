import type { AuditChainStore } from './chain-store';
import { getLogLocation } from './log-location';
import { inPlacedChainTransaction } from './placed-chain-transaction';
import { createSharedTableChainStore, type ChainTransaction } from './shared-table-chain-store';

/**
 * The tenant's chain wherever its log tier puts it: the shared audit tables (namespace) or the same
 * tables in its own schema (schema_kms) or database (dedicated), as that placement's role. The
 * placement is read afresh on every call, so a reader never looks at a copy a migration left behind;
 * a stream keeps the copy it started on (the old copy is complete until the switch).
 */
export function createPlacedChainStore(tenantId: string): AuditChainStore {
  const pick = async (): Promise<AuditChainStore> => {
    const location = await getLogLocation(tenantId);
    if (!location.target) return createSharedTableChainStore(tenantId);
    return createSharedTableChainStore(tenantId, {
      inTenantTransaction: (work) => inPlacedChainTransaction(location, (tx) => work(tx as unknown as ChainTransaction)),
    });
  };
  return {
    tenantId,
    findEvents: async (query) => (await pick()).findEvents(query),
    async *streamEvents(options) {
      yield* (await pick()).streamEvents(options);
    },
    getHead: async () => (await pick()).getHead(),
    findCheckpoints: async (options) => (await pick()).findCheckpoints(options),
    addCheckpoint: async (build) => (await pick()).addCheckpoint(build),
    getRetentionMark: async () => (await pick()).getRetentionMark(),
  };
}
