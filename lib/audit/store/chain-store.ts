import 'server-only';
import type { AuditChainStore } from './chain-store-types';
import { createPlacedChainStore } from './placed-chain-store';

export * from './chain-store-types';

/**
 * The chain store for a tenant, wherever its log tier places the chain: the shared tables under
 * row-level security (namespace), or its own schema or database as its own role (placed-chain-store.ts).
 */
export function getAuditChainStore(tenantId: string): AuditChainStore {
  return createPlacedChainStore(tenantId);
}
