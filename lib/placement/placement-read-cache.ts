import 'server-only';
import { getPlacement, type Placement } from './get-placement';
import type { Layer } from './layers';
import { placementConfig } from './placement-config';
import { onPlacementChange, onPlacementNoticesMissed, placementCachePeriodMs } from './placement-notices';

interface CachedPlacement {
  placement: Promise<Placement>;
  expiresAt: number;
}

const state = globalThis as unknown as { bulkheadPlacementReadCache?: Map<string, CachedPlacement> };

function getCache(): Map<string, CachedPlacement> {
  if (!state.bulkheadPlacementReadCache) {
    const cache = (state.bulkheadPlacementReadCache = new Map());
    // A change in any process is seen here at its commit, not a read-cache period later; if notices
    // may have been missed, everything is looked up afresh.
    onPlacementChange(({ tenantId, layer }) => cache.delete(`${tenantId}/${layer}`));
    onPlacementNoticesMissed(() => cache.clear());
  }
  return state.bulkheadPlacementReadCache;
}

/**
 * The placement of (tenant, layer) for a read-only hot path: looked up at most once per
 * `readCacheMs` per process, or until its change notice while this process listens (the lookup is a
 * transaction of its own, and the gateway reads two
 * layers per request). Concurrent callers share one lookup; a failed lookup is not kept. Writers
 * must call getPlacement: a tier migration freezes writes through the placement row, which only a
 * fresh read sees.
 */
export function getPlacementForRead(tenantId: string, layer: Layer): Promise<Placement> {
  const cache = getCache();
  const key = `${tenantId}/${layer}`;
  const now = Date.now();
  const cached = cache.get(key);
  if (cached && cached.expiresAt > now) return cached.placement;
  const placement = getPlacement(tenantId, layer);
  cache.set(key, { placement, expiresAt: now + placementCachePeriodMs(placementConfig.readCacheMs) });
  placement.catch(() => {
    if (cache.get(key)?.placement === placement) cache.delete(key);
  });
  return placement;
}

/** Drops this process's cached placement of (tenant, layer) once its row changed here. */
export function forgetPlacementForRead(tenantId: string, layer: Layer): void {
  getCache().delete(`${tenantId}/${layer}`);
}
