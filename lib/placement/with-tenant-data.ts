import 'server-only';
import { assertTenantId } from '@/lib/tenancy/tenant-id';
import { resolveRequestTarget } from './connection-target';
import { PlacementChangedError, PlacementMovingError, PlacementUnavailableError } from './errors';
import { getPlacement, isSameLocation, type Placement } from './get-placement';
import type { Layer } from './layers';
import { inTargetTransaction, type DataPlaneTransaction } from './target-transaction';

export type { DataPlaneTransaction };

export interface WithTenantDataOptions {
  /** Refuse writes (reads of a layer being migrated are always read-only). */
  readOnly?: boolean;
  timeoutMs?: number;
  /**
   * The placement the caller sealed its values for (sealed-fields.ts). If the layer moved since,
   * the work is refused with PlacementChangedError instead of writing values sealed for another tier.
   */
  sealedFor?: Placement;
}

/**
 * Runs `work` on the tenant's data for `layer`, wherever its placement puts it: the shared
 * `data_plane` schema as the application role, or the tenant's own schema or database as the
 * tenant's own role. One interactive transaction whose first statement sets the transaction-local
 * `app.tenant_id`, so row-level security applies in every tier and nothing survives on the pooled
 * connection. The caller must already have authorized the principal for this tenant.
 * No KMS or HTTP calls inside `work`: seal and open values before and after.
 */
export async function withTenantData<T>(
  tenantId: string,
  layer: Layer,
  work: (tx: DataPlaneTransaction, placement: Placement) => Promise<T>,
  options: WithTenantDataOptions = {},
): Promise<T> {
  assertTenantId(tenantId);
  const placement = await getPlacement(tenantId, layer);
  if (placement.state === 'provisioning' || placement.state === 'retired') throw new PlacementUnavailableError(placement.state);
  if (options.sealedFor && !isSameLocation(options.sealedFor, placement)) throw new PlacementChangedError();
  const isReadOnly = options.readOnly === true || placement.state === 'migrating';
  try {
    return await inTargetTransaction(await resolveRequestTarget(placement), tenantId, (tx) => work(tx, placement), {
      readOnly: isReadOnly,
      timeoutMs: options.timeoutMs,
    });
  } catch (error) {
    if (placement.state === 'migrating' && /read-only transaction/.test(String((error as Error)?.message))) throw new PlacementMovingError();
    throw error;
  }
}
