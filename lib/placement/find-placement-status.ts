import 'server-only';
import { presentStoredFailure } from '@/lib/errors';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { assertTenantId } from '@/lib/tenancy/tenant-id';
import { LAYERS, type Layer, type Tier } from './layers';

/** What the console shows per layer: no names of roles, no secrets, no raw errors beyond the safe message. */
export interface PlacementLayerStatus {
  layer: Layer;
  tier: Tier;
  state: 'provisioning' | 'active' | 'migrating' | 'retired';
  migrationVersion: string | null;
  /** The registered server this layer is on (null: the control plane's own), and its name. */
  serverId: string | null;
  serverName: string | null;
  operation: null | {
    kind: string;
    toTier: Tier;
    status: 'running' | 'succeeded' | 'failed' | 'rolled_back';
    steps: string[];
    completedSteps: string[];
    error: string | null;
    updatedAt: string;
  };
}

/**
 * Per layer: the placement and its latest provisioning or migration with step progress, read in the
 * tenant's context (the caller has authorized the principal for the tenant).
 */
export async function findPlacementStatus(tenantId: string): Promise<PlacementLayerStatus[]> {
  assertTenantId(tenantId);
  const [placements, operations, servers] = await withTenant(tenantId, (tx) =>
    Promise.all([
      tx.placement.findMany({ select: { layer: true, tier: true, state: true, migrationVersion: true, serverId: true } }),
      tx.placementOperation.findMany({ orderBy: { startedAt: 'desc' }, distinct: ['layer'] }),
      // The application role cannot read the server registry; this function names only the servers
      // this tenant's own placements are on (migration 20261209022000_namespace_shards).
      tx.$queryRaw<{ layer: Layer; server_name: string }[]>`SELECT layer::text AS layer, server_name FROM bulkhead_tenant_placement_servers()`,
    ]),
  );
  return LAYERS.map((layer) => {
    const placement = placements.find((row) => row.layer === layer);
    const operation = operations.find((row) => row.layer === layer);
    return {
      layer,
      tier: placement?.tier ?? 'namespace',
      state: placement?.state ?? 'active',
      migrationVersion: placement?.migrationVersion ?? null,
      serverId: placement?.serverId ?? null,
      serverName: servers.find((row) => row.layer === layer)?.server_name ?? null,
      operation: operation
        ? {
            kind: operation.kind,
            toTier: operation.toTier,
            status: operation.status,
            steps: operation.steps,
            completedSteps: operation.completedSteps,
            error: presentStoredFailure(operation.error, {
              sentence: `The ${operation.kind} operation stopped on an unexpected error.`,
              reference: operation.id,
            }),
            updatedAt: operation.updatedAt.toISOString(),
          }
        : null,
    };
  });
}
