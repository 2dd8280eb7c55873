import { PoolRegistry } from './pool-registry';
import { placementConfig } from './placement-config';

// One registry per process, on globalThis so dev-mode reloads do not open new pools.
const holder = globalThis as unknown as { bulkheadPlacementPools?: PoolRegistry };

export function getPoolRegistry(): PoolRegistry {
  holder.bulkheadPlacementPools ??= new PoolRegistry({ maxConnections: placementConfig.maxConnections });
  return holder.bulkheadPlacementPools;
}

/** Closes every data-plane pool (tests, scripts, shutdown). */
export async function closePlacementPools(): Promise<void> {
  const registry = holder.bulkheadPlacementPools;
  holder.bulkheadPlacementPools = undefined;
  await registry?.closeAll();
}
