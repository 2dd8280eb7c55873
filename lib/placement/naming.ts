import 'server-only';
import { assertTenantId, isUuid } from '@/lib/tenancy/tenant-id';
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
export function getPlacementNames(tenantId: string, layer: Layer, tier: Tier, shardServerId: string | null = null): PlacementNames {
  assertTenantId(tenantId);
  const hex = tenantId.replace(/-/g, '').toLowerCase();
  switch (tier) {
    case 'namespace':
      return shardServerId ? getShardNames(shardServerId) : { schemaName: getSharedSchema(layer), databaseName: null, roleName: null };
    case 'schema_kms':
      return { schemaName: `t_${hex}_${layer}`, databaseName: null, roleName: `bh_${hex}_${layer}_s` };
    case 'dedicated':
      return { schemaName: SHARED_SCHEMA, databaseName: `bh_${hex}_${layer}`, roleName: `bh_${hex}_${layer}_d` };
  }
}

/**
 * The namespace shard on a registered server: the shared data-plane tables in a database of their own,
 * reached by one application role of that server. Named after the server's id (its hex digits), so two
 * registrations of one machine under different names could never share or drop each other's shard.
 */
export function getShardNames(serverId: string): PlacementNames {
  if (!isUuid(serverId)) throw new TypeError('A shard is named after its server id (uuid)');
  const hex = serverId.replace(/-/g, '').toLowerCase();
  return { schemaName: SHARED_SCHEMA, databaseName: `bh_shard_${hex}`, roleName: `bh_shard_${hex}_app` };
}
