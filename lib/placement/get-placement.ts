import 'server-only';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { assertTenantId } from '@/lib/tenancy/tenant-id';
import type { PlacementState } from '@/lib/generated/prisma/enums';
import { getSharedSchema, type Layer, type Tier } from './layers';

/** Where one layer of one tenant lives. Secrets stay sealed here; connection-target.ts opens them. */
export interface Placement {
  tenantId: string;
  layer: Layer;
  tier: Tier;
  state: PlacementState;
  schemaName: string;
  databaseName: string | null;
  roleName: string | null;
  rolePasswordSealed: string | null;
  externalUrlSealed: string | null;
  /** The registered database server this copy is on (servers/); null: the control plane's own server. */
  serverId: string | null;
  migrationVersion: string | null;
  /**
   * The KMS key this copy's sealed columns are under, chosen here (server side) and never from a
   * ciphertext. null at an encrypted tier: the tenant key (logs, and copies made before placement keys).
   */
  keyId: string | null;
  /**
   * Which physical location this is, assigned by the database whenever the location changes (0: the
   * implicit shared default). Names repeat when a layer comes back to a tier; generations never do.
   */
  generation: number;
  /** false: no row, the implicit shared-schema default. */
  isRecorded: boolean;
}

/**
 * The placement of (tenant, layer), read from the control plane in the tenant's own context.
 * A tenant with no row is in the shared namespace schema, which is always there: new tenants need
 * no provisioning to start. This is the only answer to "where does this data live".
 */
export async function getPlacement(tenantId: string, layer: Layer): Promise<Placement> {
  assertTenantId(tenantId);
  const row = await withTenant(tenantId, (tx) => tx.placement.findUnique({ where: { tenantId_layer: { tenantId, layer } } }));
  if (!row) return getDefaultPlacement(tenantId, layer);
  return {
    tenantId,
    layer,
    tier: row.tier,
    state: row.state,
    schemaName: row.schemaName,
    databaseName: row.databaseName,
    roleName: row.roleName,
    rolePasswordSealed: row.rolePasswordSealed,
    externalUrlSealed: row.externalUrlSealed,
    serverId: row.serverId,
    migrationVersion: row.migrationVersion,
    keyId: row.keyId,
    generation: Number(row.generation),
    isRecorded: true,
  };
}

export function getDefaultPlacement(tenantId: string, layer: Layer): Placement {
  return {
    tenantId,
    layer,
    tier: 'namespace',
    state: 'active',
    schemaName: getSharedSchema(layer),
    databaseName: null,
    roleName: null,
    rolePasswordSealed: null,
    externalUrlSealed: null,
    serverId: null,
    migrationVersion: null,
    keyId: null,
    generation: 0,
    isRecorded: false,
  };
}

/**
 * Same physical location under the same key (a tier switch changes it; an upgrade does not). The key
 * counts: a layer that left a schema and came back has the same names but a new key.
 */
export function isSameLocation(a: Placement, b: Placement): boolean {
  return (
    a.tier === b.tier &&
    a.schemaName === b.schemaName &&
    a.databaseName === b.databaseName &&
    a.roleName === b.roleName &&
    a.keyId === b.keyId &&
    a.serverId === b.serverId
  );
}
