import 'server-only';
import { ensureTenantKey } from '@/lib/kms';
import type { Placement } from './get-placement';
import type { Layer, Tier } from './layers';
import { getPlacementNames } from './naming';
import type { OperationStart, PlacementOperation } from './operation-ledger';
import { createRolePassword, openPlacementSecret, sealPlacementSecret } from './placement-secrets';
import type { TargetSpec } from './provision-target';
import { getServerAddressUrl } from './servers/get-server-address';
import { getShardLocation } from './servers/get-shard-location';
import { getServerOwnerUrl } from './servers/get-server-owner-url';

/**
 * The target location of a new operation, with a fresh role password sealed under the tenant key
 * (the key is created first: sealing needs it). A resumed operation keeps the one it stored. On a
 * registered server (`serverId`), the placement keeps that server's address (no owner credentials)
 * sealed under the tenant key: request handling connects there as the placement's own role (a
 * namespace layer there: as the shard's application role).
 */
export async function createOperationTarget(tenantId: string, layer: Layer, tier: Tier, serverId: string | null): Promise<OperationStart['target']> {
  if (serverId && tier === 'schema_kms') throw new TypeError('A schema_kms placement lives on the control plane server');
  // A namespace layer on a registered server goes to that server's shard: the same shared tables,
  // reached by the shard's application role (servers/get-shard-location.ts).
  if (serverId && tier === 'namespace') return { ...(await getShardLocation(tenantId, layer, serverId)), keyId: null, serverId };
  const names = getPlacementNames(tenantId, layer, tier);
  if (!names.roleName) return { ...names, rolePasswordSealed: null, externalUrlSealed: null, keyId: null, serverId: null };
  await ensureTenantKey(tenantId);
  return {
    ...names,
    rolePasswordSealed: await sealPlacementSecret(tenantId, layer, names.roleName, 'role_password', createRolePassword()),
    externalUrlSealed: serverId ? await sealPlacementSecret(tenantId, layer, names.roleName, 'external_url', await getServerAddressUrl(serverId)) : null,
    // Created by the ensure_key step, named after the operation (placement-keys.ts).
    keyId: null,
    serverId,
  };
}

/** The operation's target with its secrets opened, for the steps that build it. */
export async function openTargetSpec(operation: PlacementOperation): Promise<TargetSpec> {
  const layer = operation.layer as Layer;
  const open = (field: 'role_password' | 'external_url', sealed: string | null) =>
    sealed && operation.roleName ? openPlacementSecret(operation.tenantId, layer, operation.roleName, field, sealed) : Promise.resolve(null);
  return {
    operation,
    tenantId: operation.tenantId,
    layer,
    tier: operation.toTier,
    names: { schemaName: operation.schemaName, databaseName: operation.databaseName, roleName: operation.roleName },
    rolePassword: await open('role_password', operation.rolePasswordSealed),
    // A registered server's owner URL; an operation started before servers were registered carries a free one.
    externalServerUrl: operation.serverId ? await getServerOwnerUrl(operation.serverId) : await open('external_url', operation.externalUrlSealed),
  };
}

/**
 * The placement an operation's target becomes once it is switched on. Read it after the ensure_key
 * step, which records the target's key on the operation: before it the key is not known yet.
 */
export function getTargetPlacement(operation: PlacementOperation, migrationVersion: string): Placement {
  return {
    tenantId: operation.tenantId,
    layer: operation.layer as Layer,
    tier: operation.toTier,
    state: 'active',
    schemaName: operation.schemaName,
    databaseName: operation.databaseName,
    roleName: operation.roleName,
    rolePasswordSealed: operation.rolePasswordSealed,
    externalUrlSealed: operation.externalUrlSealed,
    serverId: operation.serverId,
    migrationVersion,
    keyId: operation.keyId,
    // The database assigns one when the switch records this location.
    generation: 0,
    isRecorded: true,
  };
}
