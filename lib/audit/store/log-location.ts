import 'server-only';
import { resolveRequestTarget, type ConnectionTarget } from '@/lib/placement/connection-target';
import { PlacementUnavailableError } from '@/lib/placement/errors';
import { getDefaultPlacement, getPlacement, type Placement } from '@/lib/placement/get-placement';
import { onPlacementChange, onPlacementNoticesMissed, placementCachePeriodMs } from '@/lib/placement/placement-notices';
import { PLATFORM_CHAIN_ID } from './audit-transaction';

/** Where a tenant's audit chain lives: its logs placement, and how to reach it unless it is the shared tables. */
export interface LogLocation {
  placement: Placement;
  /** null for the namespace tier: the control plane's shared audit tables, reached through withTenant / withTenantSql. */
  target: ConnectionTarget | null;
}

// Appenders reuse a location for this long, or until its placement notice while this process
// listens (spread over 1,000 tenants, 30 s meant a control-plane lookup on several per cent of
// requests). A stale one is safe, not just likely to be right: every copy of a chain that is not the
// live one has a frozen head (or is gone), so an append there fails and record-event.ts looks the
// placement up afresh and retries once.
const APPEND_CACHE_MS = 30_000;
const shared = globalThis as unknown as { bulkheadLogLocations?: Map<string, { location: LogLocation; expiresAt: number }> };
const cache = (shared.bulkheadLogLocations ??= new Map());
let isWired = false;

// A log that moved is looked up afresh at once in every process (its old location may be re-created
// under the same names with new credentials), and everything is when notices may have been missed.
function wirePlacementNotices() {
  if (isWired) return;
  isWired = true;
  onPlacementChange(({ tenantId, layer }) => layer === 'logs' && cache.delete(tenantId));
  onPlacementNoticesMissed(() => cache.clear());
}

/**
 * The tenant's log location read now from the control plane (readers: the viewer, the verifier and
 * the export always read the live copy). The platform's own chain always stays in the shared tables.
 */
export async function getLogLocation(tenantId: string): Promise<LogLocation> {
  if (tenantId === PLATFORM_CHAIN_ID) return { placement: getDefaultPlacement(tenantId, 'logs'), target: null };
  const placement = await getPlacement(tenantId, 'logs');
  if (placement.state === 'provisioning' || placement.state === 'retired') throw new PlacementUnavailableError(placement.state);
  // A role's own login is opened with the tenant key here, outside any transaction.
  const target = placement.tier === 'namespace' ? null : await resolveRequestTarget(placement);
  return { placement, target };
}

/** For appenders: a recent location if one is cached (`isCached` says so), else a fresh one, then cached. */
export async function getCachedLogLocation(tenantId: string): Promise<{ location: LogLocation; isCached: boolean }> {
  wirePlacementNotices();
  const hit = cache.get(tenantId);
  if (hit && hit.expiresAt > Date.now()) return { location: hit.location, isCached: true };
  return { location: await refreshLogLocation(tenantId), isCached: false };
}

export async function refreshLogLocation(tenantId: string): Promise<LogLocation> {
  cache.delete(tenantId);
  const location = await getLogLocation(tenantId);
  cache.set(tenantId, { location, expiresAt: Date.now() + placementCachePeriodMs(APPEND_CACHE_MS) });
  return location;
}
