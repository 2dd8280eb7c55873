import 'server-only';
import { describeKey, KmsError } from '@/lib/kms';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { assertTenantId } from '@/lib/tenancy/tenant-id';
import type { Layer, Tier } from './layers';

/** One placement key as the console's keys page lists it. */
export interface PlacementKeyStatus {
  layer: Layer;
  tier: Tier;
  keyId: string;
  /** The copy the placement row names now (the others were destroyed, or rolled back, or are being built). */
  isInUse: boolean;
  /** Enabled, PendingDeletion (shredded), Deleted (gone from KMS), or Unknown when KMS could not be asked. */
  state: string;
  deletionDate: Date | null;
}

// The page asks KMS once per key: the newest keys are enough to show.
const shownKeys = 20;

/**
 * The tenant's placement keys, newest first, with their KMS state: read from the control plane's
 * operation ledger (every placement key is recorded on the operation that made it, before anything
 * is sealed under it) in the tenant's context, then one DescribeKey each. A KMS failure shows as
 * state Unknown, so the page still renders.
 */
export async function findPlacementKeyStatus(tenantId: string): Promise<PlacementKeyStatus[]> {
  assertTenantId(tenantId);
  const [placements, operations] = await withTenant(tenantId, (tx) =>
    Promise.all([
      tx.placement.findMany({ where: { keyId: { not: null } }, select: { keyId: true } }),
      tx.placementOperation.findMany({
        where: { keyId: { not: null } },
        orderBy: { startedAt: 'desc' },
        take: shownKeys,
        select: { layer: true, toTier: true, keyId: true },
      }),
    ]),
  );
  const inUse = new Set(placements.map((row) => row.keyId));
  const seen = new Set<string>();
  const keys: PlacementKeyStatus[] = [];
  for (const operation of operations) {
    const keyId = operation.keyId!;
    if (seen.has(keyId)) continue;
    seen.add(keyId);
    const key = await describeKey(keyId, { tenantId }).catch((error: unknown) => {
      if (error instanceof KmsError) return undefined;
      throw error;
    });
    keys.push({
      layer: operation.layer,
      tier: operation.toTier,
      keyId,
      isInUse: inUse.has(keyId),
      state: key === undefined ? 'Unknown' : (key?.state ?? 'Deleted'),
      deletionDate: key?.deletionDate ?? null,
    });
  }
  return keys;
}
