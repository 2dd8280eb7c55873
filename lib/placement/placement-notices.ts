import 'server-only';
import { noticeBackedPeriodMs, onChangeNotice, onChangeNoticesMissed, startChangeNotices } from '@/lib/db/change-notices';
import { LAYERS, type Layer } from './layers';

/** A placement row changed (its state, or its location: then with a new generation). */
export interface PlacementChange {
  tenantId: string;
  layer: Layer;
  /** The row's generation now; null when the row is gone. */
  generation: number | null;
}

/**
 * Calls `handler` whenever any process commits a change to a placement row: the control-plane
 * trigger `placements_notify` announces every insert, update and delete. Starts this process's
 * listening connection. Registering from a module's first use, never at import, keeps builds and
 * scripts that read no tenant data off the database.
 */
export function onPlacementChange(handler: (change: PlacementChange) => void): () => void {
  const unsubscribe = onChangeNotice('placement', (notice) => {
    const change = toPlacementChange(notice);
    if (change) handler(change);
  });
  startChangeNotices();
  return unsubscribe;
}

/**
 * How long a cache of placements may keep an entry: `periodMs`, or while this process listens for
 * placement notices (and drops entries on them), until the entry's notice (NOTICE_BACKED_CACHE_MS at most).
 */
export function placementCachePeriodMs(periodMs: number): number {
  return noticeBackedPeriodMs(periodMs, ['placement']);
}

/** Calls `handler` when placement notices may have been lost (the listening connection dropped). */
export function onPlacementNoticesMissed(handler: () => void): () => void {
  return onChangeNoticesMissed(handler);
}

function toPlacementChange(notice: Record<string, unknown>): PlacementChange | null {
  const { tenantId, layer, generation } = notice;
  if (typeof tenantId !== 'string' || !LAYERS.includes(layer as Layer)) return null;
  return { tenantId, layer: layer as Layer, generation: typeof generation === 'number' ? generation : null };
}
