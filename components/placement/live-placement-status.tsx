'use client';

import { useQuery } from '@tanstack/react-query';
import type { PlacementLayerStatus } from '@/lib/placement/find-placement-status';
import type { LayerServers } from '@/lib/control/database-servers/layer-servers';
import type { LayerTiers } from '@/lib/policy';
import { PlacementStatus } from './placement-status';

const RUNNING_POLL_MS = 1_000;
const WAITING_POLL_MS = 2_500;

function isMoving(layers: PlacementLayerStatus[]) {
  return layers.some((row) => row.operation?.status === 'running' || row.state !== 'active');
}

// A move to another server at the same tier is behind too (recordedServers: known to platform admins).
function isBehind(layers: PlacementLayerStatus[], recorded: LayerTiers, recordedServers?: LayerServers) {
  return layers.some((row) => row.tier !== recorded[row.layer] || (recordedServers !== undefined && row.serverId !== recordedServers[row.layer]));
}

/**
 * Where the data lives, kept current while it moves: after a tier change the placement worker copies,
 * verifies, switches and destroys the old copy, and each step shows here as it completes. Polls only
 * while a layer is behind its recorded tier or a move is running.
 */
export function LivePlacementStatus({
  slug,
  initial,
  recorded,
  recordedServers,
}: {
  slug: string;
  initial: PlacementLayerStatus[];
  recorded: LayerTiers;
  recordedServers?: LayerServers;
}) {
  const { data: layers = initial } = useQuery({
    queryKey: ['placement-status', slug, recorded, recordedServers],
    queryFn: async (): Promise<PlacementLayerStatus[]> => {
      const response = await fetch(`/api/tenants/${encodeURIComponent(slug)}/placement`, { cache: 'no-store' });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error ?? 'Could not read where the data lives.');
      return body;
    },
    initialData: initial,
    refetchInterval: (query) => {
      const current = query.state.data ?? initial;
      if (isMoving(current)) return RUNNING_POLL_MS;
      return isBehind(current, recorded, recordedServers) ? WAITING_POLL_MS : false;
    },
  });
  const behind = isBehind(layers, recorded, recordedServers);
  return (
    <div data-testid="placement-live" data-settled={!behind && !isMoving(layers)}>
      <PlacementStatus layers={layers} />
      {behind && (
        <p className="mt-3 text-xs text-slate-600" data-testid="placement-pending">
          Some layers are not yet at the tier or on the server recorded above: the placement worker moves them (copy, verify, switch, destroy the old copy)
          within seconds of the change. The steps appear here as they complete.
        </p>
      )}
    </div>
  );
}
