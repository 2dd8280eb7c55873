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
  const [placements, operations] = await withTenant(tenantId, (tx) =>
    Promise.all([
      tx.placement.findMany({ select: { layer: true, tier: true, state: true, migrationVersion: true } }),
      tx.placementOperation.findMany({ orderBy: { startedAt: 'desc' }, distinct: ['layer'] }),
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
