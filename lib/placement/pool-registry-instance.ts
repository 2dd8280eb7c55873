import 'server-only';
import { PoolRegistry } from './pool-registry';
import { placementConfig } from './placement-config';
import { onPlacementChange } from './placement-notices';

// One registry per process, on globalThis so dev-mode reloads do not open new pools.
const holder = globalThis as unknown as { bulkheadPlacementPools?: PoolRegistry; bulkheadPoolNoticesWired?: boolean };

export function getPoolRegistry(): PoolRegistry {
  if (!holder.bulkheadPlacementPools) {
    holder.bulkheadPlacementPools = new PoolRegistry({ maxConnections: placementConfig.maxConnections });
    wirePlacementNotices();
  }
  return holder.bulkheadPlacementPools;
}

// Whichever process switched the placement, every process retires its pools of the older location,
// so the old copy's connections close within moments and its destruction need not wait them out.
function wirePlacementNotices() {
  if (holder.bulkheadPoolNoticesWired) return;
  holder.bulkheadPoolNoticesWired = true;
  onPlacementChange(({ tenantId, layer, generation }) => holder.bulkheadPlacementPools?.retireOtherGenerations(tenantId, layer, generation));
}

/** Closes every data-plane pool (tests, scripts, shutdown). */
export async function closePlacementPools(): Promise<void> {
  const registry = holder.bulkheadPlacementPools;
  holder.bulkheadPlacementPools = undefined;
  await registry?.closeAll();
}
