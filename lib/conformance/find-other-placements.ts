import 'server-only';
import type { Tier } from '@/lib/placement/layers';
import { withPlatformSystemAccess } from '@/lib/tenancy/platform';

/** Another tenant's active placement at a tier: the location an attack from this tenant's role tries to reach. */
export interface OtherLocation {
  tenantId: string;
  layer: string;
  schemaName: string;
  databaseName: string | null;
}

/**
 * Up to `limit` active placements of other tenants at `tier` (names only, never credentials): the
 * suite attacks the locations that exist, and reports "not applicable" when there are none.
 */
export async function findOtherLocations(tenantId: string, tier: Tier, limit = 3): Promise<OtherLocation[]> {
  return withPlatformSystemAccess('conformance: locations to attack', (tx) =>
    tx.placement.findMany({
      where: { tier, state: 'active', tenantId: { not: tenantId } },
      select: { tenantId: true, layer: true, schemaName: true, databaseName: true },
      orderBy: { tenantId: 'asc' },
      take: limit,
    }),
  );
}
