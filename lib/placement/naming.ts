import 'server-only';
import { assertTenantId } from '@/lib/tenancy/tenant-id';
import { getSharedSchema, SHARED_SCHEMA, type Layer, type Tier } from './layers';

export interface PlacementNames {
  schemaName: string;
  /** null: the control-plane database. */
  databaseName: string | null;
  /** null: the shared application role. */
  roleName: string | null;
}

/**
 * Deterministic names, so a crashed provisioning finds what it already created. Built only from the
 * tenant uuid's hex digits and a fixed layer name, never from anything a user typed: safe as
 * identifiers, unique across the server (roles and databases are cluster-wide), under 63 bytes.
 */
export function getPlacementNames(tenantId: string, layer: Layer, tier: Tier): PlacementNames {
  assertTenantId(tenantId);
  const hex = tenantId.replace(/-/g, '').toLowerCase();
  switch (tier) {
    case 'namespace':
      return { schemaName: getSharedSchema(layer), databaseName: null, roleName: null };
    case 'schema_kms':
      return { schemaName: `t_${hex}_${layer}`, databaseName: null, roleName: `bh_${hex}_${layer}_s` };
    case 'dedicated':
      return { schemaName: SHARED_SCHEMA, databaseName: `bh_${hex}_${layer}`, roleName: `bh_${hex}_${layer}_d` };
  }
}
